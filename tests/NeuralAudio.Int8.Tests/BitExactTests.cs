using System.Diagnostics;
using NeuralAudio.Int8.Tests.Infrastructure;

namespace NeuralAudio.Int8.Tests;

/// <summary>The generated C, the generated C# class and the interpreter compute the same integers.</summary>
public sealed class BitExactTests(CBuildFixture c, ITestOutputHelper output) : IClassFixture<CBuildFixture>
{
    [Theory]
    [MemberData(nameof(ZooGraphs.RunnableInCSharp), MemberType = typeof(ZooGraphs))]
    public void GeneratedC_GeneratedCSharp_AndTheRunner_GiveIdenticalOutputs(string key)
    {
        var zoo = ZooGraphs.Get(key);
        foreach (int seed in zoo.Seeds)
        {
            var model = References.Model(zoo, seed);
            var pcm = References.Clip(zoo, seed, zoo.Frames);
            var clock = Stopwatch.StartNew();
            var exe = c.Build(zoo.Deploy, zoo.Plan, model, CFlavor.Optimized, "seed" + seed);
            long build = clock.ElapsedMilliseconds;
            clock.Restart();
            if (zoo.Deploy.Streaming)
            {
                var expected = References.Codes(zoo, seed, zoo.Frames);
                long runner = clock.ElapsedMilliseconds;
                clock.Restart();
                var generated = Int8Outputs.Encode(EmittedCSharp.Encoder(zoo, model), pcm);
                long csharp = clock.ElapsedMilliseconds;
                clock.Restart();
                var fromC = exe.Encode(pcm);
                long cRun = clock.ElapsedMilliseconds;
                Assert.True(expected.Distinct().Count() > 1, $"{key} seed {seed}: every code is {expected[0]}; the seeded model is degenerate");
                Int8Outputs.AssertEqual(expected, generated, $"{key} seed {seed}: generated C# vs runner");
                Int8Outputs.AssertEqual(expected, fromC, $"{key} seed {seed}: generated C vs runner");
                output.WriteLine($"{key} seed {seed}: {zoo.Frames} frames, {expected.Length} codes equal; C build {build} ms, runner {runner} ms, generated C# {csharp} ms, C {cRun} ms");
            }
            else
            {
                var expected = References.Scores(zoo, seed);
                long runner = clock.ElapsedMilliseconds;
                clock.Restart();
                var generated = Int8Outputs.Classify(EmittedCSharp.Classifier(zoo, model), pcm);
                long csharp = clock.ElapsedMilliseconds;
                clock.Restart();
                var fromC = exe.Classify(pcm);
                long cRun = clock.ElapsedMilliseconds;
                Assert.True(expected.Distinct().Count() > 1, $"{key} seed {seed}: every score is {expected[0]}; the seeded model is degenerate");
                Int8Outputs.AssertEqual(expected, generated, $"{key} seed {seed}: generated C# vs runner");
                Int8Outputs.AssertEqual(expected, fromC, $"{key} seed {seed}: generated C vs runner");
                output.WriteLine($"{key} seed {seed}: {expected.Length} scores equal [{string.Join(" ", expected.Take(12))} ...]; C build {build} ms, runner {runner} ms, generated C# {csharp} ms, C {cRun} ms");
            }
        }
    }

    [Theory]
    [InlineData("tinystream/tiny")]
    [InlineData("soundstream/tiny")]
    [InlineData("micro-acdnet/esc50")]
    public void TheGeneratedC_RunsCleanUnderAddressAndUndefinedBehaviourSanitizers(string key)
    {
        var zoo = ZooGraphs.Get(key);
        var model = References.Model(zoo, 1);
        var exe = c.Build(zoo.Deploy, zoo.Plan, model, CFlavor.Sanitized, "seed1");
        var pcm = References.Clip(zoo, 1, zoo.Frames);
        if (zoo.Deploy.Streaming)
            Int8Outputs.AssertEqual(References.Codes(zoo, 1, zoo.Frames), exe.Encode(pcm, 3), $"{key}: sanitized C vs runner");
        else
            Int8Outputs.AssertEqual(References.Scores(zoo, 1), exe.Classify(pcm), $"{key}: sanitized C vs runner");
    }
}
