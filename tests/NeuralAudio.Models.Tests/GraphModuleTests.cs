using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Tests;

public class GraphModuleTests
{
    private static GraphModule Build(string name, int seed = 42)
    {
        manual_seed(seed);
        return new GraphModule(TestGraphs.ByName(name));
    }

    [Theory, MemberData(nameof(TestGraphs.All), MemberType = typeof(TestGraphs))]
    public void ParameterCount_EqualsIrCost(string name)
    {
        using var model = Build(name);
        Assert.Equal(TorchTestUtil.IrParameterCount(model.Graph), model.parameters().Sum(p => p.numel()));
    }

    [Theory, MemberData(nameof(TestGraphs.All), MemberType = typeof(TestGraphs))]
    public void EveryPart_ProducesTheIrShape(string name)
    {
        using var model = Build(name);
        model.eval();
        using var _ = no_grad();
        var graph = model.Graph;
        foreach (var part in model.Parts)
        {
            var y = model.ForwardPart(part, TorchTestUtil.Input(graph.PartInput(part).Shape));
            Assert.Equal(TorchTestUtil.Batched(graph.PartOutput(part).Shape), y.shape);
        }
        Assert.Equal(TorchTestUtil.Batched(graph.Output.Shape), model.call(TorchTestUtil.Input(graph.Input.Shape)).shape);
    }

    [Fact]
    public void Layers_AreRegisteredUnderNodeIdentifiers()
    {
        using var model = Build(nameof(TestGraphs.Codec));
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("encoder_block0_res1_conv0.weight", names);
        Assert.Contains("decoder_block0_upconv0.bias", names);
        Assert.Contains("quantizer_rvq0.codebooks", names);
        using var classifier = Build(nameof(TestGraphs.Classifier));
        var keys = classifier.state_dict().Keys.ToList();
        Assert.Contains("sfeb_bn0.running_mean", keys);
        Assert.Contains("linear0.weight", keys);
    }

    [Theory, MemberData(nameof(TestGraphs.All), MemberType = typeof(TestGraphs))]
    public void ForwardBackward_GivesFiniteGradientsOnEveryParameter(string name)
    {
        using var model = Build(name);
        model.train();
        var graph = model.Graph;
        var x = TorchTestUtil.Input(graph.Input.Shape);
        Tensor loss;
        if (name == nameof(TestGraphs.Codec))
        {
            var embedding = model.Encode(x);
            var y = model.Decode(model.ForwardPart("quantizer", embedding));
            // The straight-through path gives codebooks no gradient; a VQ-VAE codebook loss does.
            var codebookLoss = nn.functional.mse_loss(model.Quantizer.Quantize(embedding.detach()).Quantized, embedding.detach());
            loss = nn.functional.mse_loss(y, x) + codebookLoss;
        }
        else if (name == nameof(TestGraphs.Classifier))
        {
            var probabilities = model.call(x);
            loss = -probabilities[.., 3].log().mean();
        }
        else loss = model.call(x).pow(2).mean();

        loss.backward();
        foreach (var (parameterName, parameter) in model.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"{parameterName} has no gradient");
            Assert.True(isfinite(parameter.grad!).all().item<bool>(), $"{parameterName} has a non-finite gradient");
        }
        Assert.True(model.parameters().Sum(p => p.grad!.abs().sum().item<float>()) > 0);
    }

    /// <summary>
    /// Causal encoder: frame j (stride S) sees input samples up to (j + 1) S - 1. Rewriting every sample from p on
    /// must leave frames with (j + 1) S - 1 &lt; p bit-identical, and change the first frame that sees p.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(64)]
    [InlineData(201)]
    public void CausalEncoder_FutureSamplesNeverChangeEarlierFrames(int p)
    {
        using var model = Build(nameof(TestGraphs.Codec));
        model.eval();
        using var _ = no_grad();
        var x = TorchTestUtil.Input(model.Graph.Input.Shape, batch: 1);
        var changed = x.clone();
        changed[.., .., p..] = randn(1, 1, x.shape[2] - p);
        var a = model.Encode(x);
        var b = model.Encode(changed);
        long stride = x.shape[2] / a.shape[2];
        long unchanged = p / stride;
        Assert.True(TorchTestUtil.Same(a[.., .., ..(int)unchanged], b[.., .., ..(int)unchanged]), $"frames before {unchanged} changed");
        Assert.False(TorchTestUtil.Same(a[.., .., (int)unchanged], b[.., .., (int)unchanged]));
    }

    [Fact]
    public void Codec_EncodeQuantizeDecode_EqualsForward()
    {
        using var model = Build(nameof(TestGraphs.Codec));
        model.eval();
        using var _ = no_grad();
        var x = TorchTestUtil.Input(model.Graph.Input.Shape);
        var codes = model.Quantizer.Encode(model.Encode(x));
        Assert.Equal(new long[] { 2, 4, 32 }, codes.shape);
        Assert.True(TorchTestUtil.Same(model.call(x), model.Decode(model.Quantizer.Decode(codes))));
    }

    [Fact]
    public void Classifier_HasNoCodecParts()
    {
        using var model = Build(nameof(TestGraphs.Classifier));
        var x = TorchTestUtil.Input(model.Graph.Input.Shape);
        Assert.Equal(new[] { "classifier" }, model.Parts);
        Assert.Contains("encoder", Assert.Throws<InvalidOperationException>(() => model.Encode(x)).Message);
        Assert.Contains("decoder", Assert.Throws<InvalidOperationException>(() => model.Decode(x)).Message);
        Assert.Contains("quantizer", Assert.Throws<InvalidOperationException>(() => model.Quantizer).Message);
        Assert.Throws<ArgumentException>(() => model.ForwardPart("encoder", x));
    }

    [Fact]
    public void Classifier_OutputsProbabilities()
    {
        using var model = Build(nameof(TestGraphs.Classifier));
        model.eval();
        using var _ = no_grad();
        var p = model.call(TorchTestUtil.Input(model.Graph.Input.Shape));
        Assert.True(allclose(p.sum(1), ones(2), rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Identity_ComesFromTheGraph()
    {
        using var model = Build(nameof(TestGraphs.Codec));
        Assert.Equal("testcodec", model.ModelId);
        Assert.Equal("small", model.Variant);
        Assert.Equal(16000, model.SampleRate);
        Assert.Equal(GraphPrinter.StructureHash(model.Graph), model.StructureHash);
        Assert.Equal(new[] { "encoder", "quantizer", "decoder" }, model.Parts);
    }
}
