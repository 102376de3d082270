using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// 2-D convolution over (B, C, H, W) after explicit zero padding; top/bottom and left/right may differ (same
/// padding with an even kernel, or causal padding of the time axis W).
/// </summary>
public sealed class PaddedConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly long[] strides, dilations;
    private readonly long groups, padTop, padBottom, padLeft, padRight;

    /// <summary>Weight of shape (outChannels, inChannels / groups, kernelH, kernelW).</summary>
    public PaddedConv2d(long inChannels, long outChannels, long kernelH, long kernelW, long strideH, long strideW,
        long dilationH, long dilationW, long groups, bool bias, long padTop, long padBottom, long padLeft, long padRight)
        : base(nameof(PaddedConv2d))
    {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"groups={groups} must divide inChannels={inChannels} and outChannels={outChannels}", nameof(groups));
        if (Math.Min(Math.Min(padTop, padBottom), Math.Min(padLeft, padRight)) < 0)
            throw new ArgumentOutOfRangeException(nameof(padTop), "padding cannot be negative");
        strides = new[] { strideH, strideW };
        dilations = new[] { dilationH, dilationW };
        this.groups = groups; this.padTop = padTop; this.padBottom = padBottom; this.padLeft = padLeft; this.padRight = padRight;
        weight = new Parameter(empty(outChannels, inChannels / groups, kernelH, kernelW));
        this.bias = bias ? new Parameter(empty(outChannels)) : null;
        LayerInit.ResetConvolution(weight, this.bias);
        RegisterComponents();
    }

    public Parameter Weight => weight;
    public Parameter? Bias => bias;

    public override Tensor forward(Tensor x)
    {
        // Symmetric pads go to the conv itself (zeros either way); asymmetric ones need an explicit zero pad.
        if (padTop == padBottom && padLeft == padRight)
            return nn.functional.conv2d(x, weight, bias, strides, new[] { padTop, padLeft }, dilations, groups);
        using var padded = nn.functional.pad(x, new[] { padLeft, padRight, padTop, padBottom });
        return nn.functional.conv2d(padded, weight, bias, strides, new[] { 0L, 0L }, dilations, groups);
    }
}
