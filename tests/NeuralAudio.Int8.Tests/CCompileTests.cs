using System.Diagnostics;
using NeuralAudio.Int8.Tests.Infrastructure;
using NeuralAudio.ModelDsl.Emit.C;

namespace NeuralAudio.Int8.Tests;

/// <summary>The generated C of every zoo graph is strict C99.</summary>
public sealed class CCompileTests(CBuildFixture c, ITestOutputHelper output) : IClassFixture<CBuildFixture>
{
    [Theory]
    [MemberData(nameof(ZooGraphs.All), MemberType = typeof(ZooGraphs))]
    public void TheGeneratedSourcesAndWeights_CompileAsPedanticC99(string key)
    {
        var zoo = ZooGraphs.Get(key);
        var clock = Stopwatch.StartNew();
        var model = References.Model(zoo, 1);
        // Every build of generated C uses the strict flags: a graph the bit-exactness test builds is shared from there.
        string dir = zoo.RunsInCSharp
            ? Path.GetDirectoryName(c.Build(zoo.Deploy, zoo.Plan, model, CFlavor.Optimized, "seed1").Path)!
            : c.CompileOnly(zoo.Deploy, zoo.Plan, model, "pedantic");
        long weightsText = new FileInfo(Path.Combine(dir, CNames.WeightsFile(zoo.Deploy))).Length;
        output.WriteLine($"{key}: {CNames.SourceFile(zoo.Deploy)} and {CNames.WeightsFile(zoo.Deploy)} ({weightsText / 1024} KiB of text) compile with {string.Join(' ', CFlags.Strict)} in {clock.ElapsedMilliseconds} ms");
    }
}
