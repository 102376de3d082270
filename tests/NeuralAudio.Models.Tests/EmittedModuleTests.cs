using NeuralAudio.ModelDsl.Emit;
using Xunit.Abstractions;
using NeuralAudio.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Tests;

/// <summary>
/// Emitted code compiled with Roslyn must be warning-free and compute what GraphModule computes: the state dict of
/// a GraphModule loads into the emitted module (same names and shapes), and outputs then agree.
/// </summary>
public class EmittedModuleTests(ITestOutputHelper output)
{
    private const string Namespace = "NeuralAudio.Models.Tests.Emitted";

    private static (NeuralModule Emitted, GraphModule Reference) Pair(string name)
    {
        var graph = TestGraphs.ByName(name);
        var className = "Emitted" + name;
        var emitted = EmittedCompiler.Instantiate(TorchSharpEmitter.Emit(graph, Namespace, className, "TestGraphs." + name),
            Namespace + "." + className);
        manual_seed(99);
        var reference = new GraphModule(graph);
        return (emitted, reference);
    }

    [Theory, MemberData(nameof(TestGraphs.All), MemberType = typeof(TestGraphs))]
    public void StateDicts_HaveTheSameNamesAndShapes(string name)
    {
        var (emitted, reference) = Pair(name);
        using var _e = emitted; using var _r = reference;
        var a = emitted.state_dict().Select(kv => kv.Key + ":" + string.Join("x", kv.Value.shape)).ToList();
        var b = reference.state_dict().Select(kv => kv.Key + ":" + string.Join("x", kv.Value.shape)).ToList();
        Assert.Equal(b, a);
        Assert.Equal(reference.parameters().Sum(p => p.numel()), emitted.parameters().Sum(p => p.numel()));
        Assert.Equal(TorchTestUtil.IrParameterCount(reference.Graph),
            (long)emitted.GetType().GetField("ParameterCountValue")!.GetValue(null)!);
    }

    [Theory, MemberData(nameof(TestGraphs.All), MemberType = typeof(TestGraphs))]
    public void Outputs_MatchGraphModule_WithCopiedWeights(string name)
    {
        var (emitted, reference) = Pair(name);
        using var _e = emitted; using var _r = reference;
        emitted.load_state_dict(reference.state_dict());
        emitted.eval(); reference.eval();
        Assert.Equal(reference.ModelId, emitted.ModelId);
        Assert.Equal(reference.Variant, emitted.Variant);
        Assert.Equal(reference.StructureHash, emitted.StructureHash);
        Assert.Equal(reference.SampleRate, emitted.SampleRate);
        Assert.Equal(reference.Parts, emitted.Parts);

        using var _ = no_grad();
        var graph = reference.Graph;
        var x = TorchTestUtil.Input(graph.Input.Shape, seed: 5);
        var expected = reference.call(x);
        var actual = emitted.call(x);
        Assert.Equal(expected.shape, actual.shape);
        var diff = TorchTestUtil.MaxAbsDiff(expected, actual);
        output.WriteLine($"{name}: max |emitted - GraphModule| = {diff}");
        Assert.True(diff < 1e-6, $"max |diff| = {diff}");
        foreach (var part in reference.Parts)
        {
            var input = TorchTestUtil.Input(graph.PartInput(part).Shape, seed: 6);
            Assert.True(TorchTestUtil.MaxAbsDiff(reference.ForwardPart(part, input), emitted.ForwardPart(part, input)) < 1e-6, part);
        }
        Assert.Throws<ArgumentException>(() => emitted.ForwardPart("nope", x));
    }

    [Fact]
    public void EmittedCodec_IsACodecModule_WithTheSameCodes()
    {
        var (emitted, reference) = Pair(nameof(TestGraphs.Codec));
        using var _e = emitted; using var _r = reference;
        emitted.load_state_dict(reference.state_dict());
        emitted.eval(); reference.eval();
        using var _ = no_grad();
        var codec = Assert.IsAssignableFrom<ICodecModule>(emitted);
        var x = TorchTestUtil.Input(reference.Graph.Input.Shape, seed: 8);
        Assert.True(TorchTestUtil.Same(reference.Quantizer.Encode(reference.Encode(x)), codec.Quantizer.Encode(codec.Encode(x))));
        var embedding = reference.Encode(x);
        Assert.True(TorchTestUtil.MaxAbsDiff(reference.Decode(embedding), codec.Decode(embedding)) < 1e-6);
    }

    [Fact]
    public void EmittedClassifier_IsNotACodecModule()
    {
        var (emitted, reference) = Pair(nameof(TestGraphs.Classifier));
        using var _e = emitted; using var _r = reference;
        Assert.False(emitted is ICodecModule);
    }
}
