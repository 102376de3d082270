using NeuralAudio.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Tests;

public class LayerTests
{
    [Fact]
    public void PaddedConv1d_HasPyTorchParameterNamesAndShapes()
    {
        using var conv = new PaddedConv1d(8, 16, 7, 1, 1, 4, true, 6, 0);
        var names = conv.named_parameters().Select(p => (p.name, string.Join("x", p.parameter.shape))).ToList();
        Assert.Equal(new[] { ("weight", "16x2x7"), ("bias", "16") }, names);
        using var noBias = new PaddedConv1d(8, 16, 7, 1, 1, 1, false, 6, 0);
        Assert.Single(noBias.parameters());
    }

    /// <summary>
    /// Causal zero padding means a block-by-block stream with carried context computes the offline values. Not bit
    /// for bit: libtorch picks different conv kernels for different lengths, so sums may round differently (1 ulp).
    /// </summary>
    [Fact]
    public void PaddedConv1d_Causal_StreamsLikeOffline()
    {
        manual_seed(1);
        const long kernel = 5, dilation = 2, context = (kernel - 1) * dilation;
        using var conv = new PaddedConv1d(3, 4, kernel, 1, dilation, 1, true, context, 0);
        var x = randn(1, 3, 40);
        using var _ = no_grad();
        var offline = conv.call(x);
        var state = zeros(1, 3, context);   // the stream starts from silence, as zero padding assumes
        var blocks = new List<Tensor>();
        for (int start = 0; start < 40; start += 8)
        {
            var block = x[.., .., start..(start + 8)];
            var window = cat(new[] { state, block }, 2);
            blocks.Add(nn.functional.conv1d(window, conv.Weight, conv.Bias, dilation: dilation));
            state = window[.., .., ^(int)context..];
        }
        var streamed = cat(blocks, 2);
        Assert.Equal(offline.shape, streamed.shape);
        Assert.True(TorchTestUtil.MaxAbsDiff(offline, streamed) < 1e-6, $"max |diff| {TorchTestUtil.MaxAbsDiff(offline, streamed)}");
    }

    [Fact]
    public void PaddedConv2d_AsymmetricPadding_EqualsExplicitZeroPad()
    {
        manual_seed(2);
        using var conv = new PaddedConv2d(2, 3, 2, 4, 1, 1, 1, 1, 1, true, 0, 1, 1, 2);
        var x = randn(2, 2, 5, 9);
        using var _ = no_grad();
        var expected = nn.functional.conv2d(nn.functional.pad(x, new long[] { 1, 2, 0, 1 }), conv.Weight, conv.Bias);
        var actual = conv.call(x);
        Assert.Equal(new long[] { 2, 3, 5, 9 }, actual.shape);
        Assert.True(TorchTestUtil.Same(expected, actual));
    }

    /// <summary>Right cropping keeps a transposed conv causal: changing input frame p changes no output before p * stride.</summary>
    [Fact]
    public void CroppedConvTranspose1d_CausalCrop_IsCausalAndExactLength()
    {
        manual_seed(3);
        using var up = new CroppedConvTranspose1d(4, 2, 8, 4, true, 0, 4);
        var x = randn(1, 4, 10);
        using var _ = no_grad();
        var y = up.call(x);
        Assert.Equal(new long[] { 1, 2, 40 }, y.shape);
        var changed = x.clone();
        changed[.., .., 6] = changed[.., .., 6] + 1.0f;
        var y2 = up.call(changed);
        Assert.True(TorchTestUtil.Same(y[.., .., ..24], y2[.., .., ..24]));
        Assert.False(TorchTestUtil.Same(y[.., .., 24..], y2[.., .., 24..]));
    }

    [Fact]
    public void CroppedConvTranspose1d_SameCrop_TakesTheCentre()
    {
        manual_seed(4);
        using var up = new CroppedConvTranspose1d(3, 3, 4, 2, false, 1, 1);
        var x = randn(1, 3, 6);
        using var _ = no_grad();
        var raw = nn.functional.conv_transpose1d(x, up.Weight, null, 2);
        Assert.True(TorchTestUtil.Same(raw[.., .., 1..^1], up.call(x)));
    }
}
