using NeuralAudio.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Tests;

public class ResidualVectorQuantizerTests
{
    private static ResidualVectorQuantizer Create()
    {
        manual_seed(7);
        return new ResidualVectorQuantizer(numQuantizers: 3, codebookSize: 16, dimension: 8);
    }

    [Fact]
    public void Codebooks_AreOneParameter_WithTheIrCount()
    {
        using var rvq = Create();
        var p = Assert.Single(rvq.named_parameters());
        Assert.Equal("codebooks", p.name);
        Assert.Equal(new long[] { 3, 16, 8 }, p.parameter.shape);
    }

    [Fact]
    public void Encode_GivesInt64Codes_BatchQuantizersFrames()
    {
        using var rvq = Create();
        var x = randn(2, 8, 5);
        var codes = rvq.Encode(x);
        Assert.Equal(new long[] { 2, 3, 5 }, codes.shape);
        Assert.Equal(ScalarType.Int64, codes.dtype);
        Assert.Equal(new long[] { 2, 2, 5 }, rvq.Encode(x, numQuantizers: 2).shape);
        Assert.True(codes.min().item<long>() >= 0 && codes.max().item<long>() < 16);
    }

    [Fact]
    public void EncodingACodeword_ReturnsItsIndex()
    {
        using var rvq = Create();
        // Frame k is codeword k of the first codebook: (1, D, K).
        var x = rvq.Codebooks[0].detach().t().unsqueeze(0);
        var codes = rvq.Encode(x);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (long)i).ToArray(), codes[0, 0].data<long>().ToArray());
    }

    [Fact]
    public void DecodeOfEncode_EqualsForward_InEval()
    {
        using var rvq = Create();
        rvq.eval();
        var x = randn(2, 8, 7);
        using var _ = no_grad();
        Assert.True(TorchTestUtil.Same(rvq.Decode(rvq.Encode(x)), rvq.call(x)));
    }

    [Fact]
    public void Quantize_ExposesPerStageResiduals()
    {
        using var rvq = Create();
        var x = randn(1, 8, 4);
        var r = rvq.Quantize(x);
        Assert.Equal(3, r.Residuals.Count);
        Assert.True(TorchTestUtil.Same(x, r.Residuals[0]));
        // Each stage's residual is the previous one minus that stage's codeword.
        var chosen = rvq.Decode(r.Codes[.., ..1, ..]);
        Assert.True(allclose(r.Residuals[1], x - chosen, rtol: 0, atol: 1e-6));
    }

    /// <summary>Straight-through estimator: with autograd on, the gradient of sum(forward(x)) w.r.t. x is all ones.</summary>
    [Fact]
    public void Forward_WithAutograd_PassesGradientsStraightThrough()
    {
        using var rvq = Create();
        var x = randn(1, 8, 4).requires_grad_(true);
        var y = rvq.call(x);
        y.sum().backward();
        Assert.True(TorchTestUtil.Same(ones_like(x), x.grad!));
        Assert.True(allclose(y, rvq.Decode(rvq.Encode(x)), rtol: 0, atol: 1e-5));
    }
}
