using NeuralAudio.Generators.Tests.Infrastructure;
using NeuralAudio.Generators.Tests.Models;
using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.Generators.Tests;

/// <summary>
/// The compile-time IR equals the run-time IR: <see cref="RoundTrip"/> is compiled into this assembly and run with
/// <see cref="GraphBuilder.Build"/>, and its source files, read from disk, go through the generator.
/// </summary>
public class RoundTripTests
{
    internal static readonly string[] ModelFiles = { "Models/RoundTripModel.cs", "Models/RoundTripModel.Variants.cs" };

    /// <summary>The generator run over the round-trip model's own source files.</summary>
    internal static GeneratorRun RunRoundTrip()
    {
        var sources = ModelFiles
            .Select(f => (f, File.ReadAllText(Path.Combine(GeneratorHarness.ProjectDirectory(), f))))
            .Append(("FakeCatalog.cs", GeneratorHarness.FakeCatalog));
        return GeneratorHarness.Run(GeneratorHarness.Compile(sources));
    }

    public static TheoryData<string, string> Variants => new()
    {
        { "small", "Small" },
        { "wide_sep", "WideSep" },
        { "tiny-c3", "TinyC3" },
    };

    private static RoundTripConfig Config(string variant) => variant switch
    {
        "small" => RoundTrip.Small,
        "wide_sep" => RoundTrip.WideSeparable,
        "tiny-c3" => RoundTrip.TinyC3,
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Compile_time_IR_equals_run_time_IR(string variant, string constName)
    {
        var run = RunRoundTrip();
        run.AssertNoDiagnostics();
        var runtime = GraphBuilder.Build("roundtrip", variant, ModelFamily.Codec, b => RoundTrip.Define(b, Config(variant)));
        Assert.Equal(GraphPrinter.Print(runtime), run.CompiledIr("RoundTrip", constName));
    }

    [Fact]
    public void Round_trip_variants_differ_from_each_other()
    {
        // Guards the test above against a model whose variants all evaluate alike.
        var run = RunRoundTrip();
        var bodies = Variants.Select(row => (string)row[1]).Select(c => run.CompiledIr("RoundTrip", c).Split('\n', 2)[1]).ToList();
        Assert.Equal(bodies.Count, bodies.Distinct().Count());
    }
}
