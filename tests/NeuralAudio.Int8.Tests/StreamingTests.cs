using NeuralAudio.Int8.Tests.Infrastructure;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests;

/// <summary>Feeding a clip in chunks gives exactly the codes of processing it whole (shared/REFERENCE.md section 7).</summary>
public sealed class StreamingTests(CBuildFixture c, ITestOutputHelper output) : IClassFixture<CBuildFixture>
{
    /// <summary>Long enough for a chunk of 17 frames plus a remainder; SoundStream is 20x costlier per frame.</summary>
    private static int ClipFrames(ZooGraph zoo) => zoo.Key.StartsWith("soundstream", StringComparison.Ordinal) ? 19 : 24;

    [Theory]
    [MemberData(nameof(ZooGraphs.RunnableEncoders), MemberType = typeof(ZooGraphs))]
    public void PushingChunksOf1_3And17Frames_EqualsTheOfflineWholeClipCodes(string key)
    {
        var zoo = ZooGraphs.Get(key);
        var model = References.Model(zoo, 11);
        var pcm = References.Clip(zoo, 11, ClipFrames(zoo));
        var offline = References.OfflineCodes(zoo, 11, ClipFrames(zoo));
        var runner = new DeployGraphRunner(zoo.Deploy, model);
        foreach (int chunk in new[] { 1, 3, 17 })
            Int8Outputs.AssertEqual(offline, Int8Outputs.Encode(runner, pcm, chunk), $"{key}: chunks of {chunk} frames vs offline");
        Assert.True(offline.Distinct().Count() > 1, $"{key}: the offline codes are all {offline[0]}");
        output.WriteLine($"{key}: {ClipFrames(zoo)} frames, {offline.Length} codes, streaming in chunks of 1, 3, 17 frames = offline");
    }

    [Fact]
    public void ResetStartsAFreshStream()
    {
        var zoo = ZooGraphs.Get("tinystream/tiny");
        var model = References.Model(zoo, 4);
        var pcm = TestSignals.Pcm(6 * zoo.Deploy.StepInputSamples, 4, zoo.Graph.SampleRate);
        var runner = new DeployGraphRunner(zoo.Deploy, model);
        var first = Int8Outputs.Encode(runner, pcm);
        var codes = new ushort[first.Length];
        runner.Push(TestSignals.Pcm(3 * zoo.Deploy.StepInputSamples, 5, zoo.Graph.SampleRate), new ushort[3 * runner.Quantizers]);
        runner.Reset();
        runner.Push(pcm, codes);
        Int8Outputs.AssertEqual(first, codes, "after Reset");
    }

    [Theory]
    [InlineData("tinystream/ultra_tiny")]
    [InlineData("tinystream/tiny")]
    [InlineData("tinystream/full")]
    [InlineData("soundstream/tiny")]
    public void GeneratedC_PushedInChunks_EqualsOnePushOfTheWholeClip_AndTheOfflineCodes(string key)
    {
        var zoo = ZooGraphs.Get(key);
        var model = References.Model(zoo, 11);
        var pcm = References.Clip(zoo, 11, ClipFrames(zoo));
        var exe = c.Build(zoo.Deploy, zoo.Plan, model, CFlavor.Optimized, "seed11");
        var whole = exe.Encode(pcm, ClipFrames(zoo));
        foreach (int chunk in new[] { 1, 3, 17 })
            Int8Outputs.AssertEqual(whole, exe.Encode(pcm, chunk), $"{key}: C pushed in chunks of {chunk} frames vs one push");
        Int8Outputs.AssertEqual(References.OfflineCodes(zoo, 11, ClipFrames(zoo)), whole, $"{key}: C vs offline runner");
    }

    [Fact]
    public void PushRefusesALengthThatIsNotAMultipleOfTheHop()
    {
        var zoo = ZooGraphs.Get("tinystream/tiny");
        var runner = new DeployGraphRunner(zoo.Deploy, References.Model(zoo, 1));
        var e = Assert.Throws<ArgumentException>(() => runner.Push(new short[300], new ushort[8]));
        Assert.Contains("not a multiple of the hop 256", e.Message);
    }
}
