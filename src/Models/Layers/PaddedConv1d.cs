using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// 1-D convolution after explicit zero padding (<paramref name="padLeft"/>, <paramref name="padRight"/>), so causal
/// (left-only) padding is possible. Parameters are named <c>weight</c> and <c>bias</c> like PyTorch's Conv1d.
/// </summary>
public sealed class PaddedConv1d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly long stride, dilation, groups, padLeft, padRight;

    /// <summary>Weight of shape (outChannels, inChannels / groups, kernel).</summary>
    public PaddedConv1d(long inChannels, long outChannels, long kernel, long stride, long dilation, long groups, bool bias,
        long padLeft, long padRight) : base(nameof(PaddedConv1d))
    {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"groups={groups} must divide inChannels={inChannels} and outChannels={outChannels}", nameof(groups));
        if (padLeft < 0 || padRight < 0) throw new ArgumentOutOfRangeException(nameof(padLeft), "padding cannot be negative");
        this.stride = stride; this.dilation = dilation; this.groups = groups; this.padLeft = padLeft; this.padRight = padRight;
        weight = new Parameter(empty(outChannels, inChannels / groups, kernel));
        this.bias = bias ? new Parameter(empty(outChannels)) : null;
        LayerInit.ResetConvolution(weight, this.bias);
        RegisterComponents();
    }

    public Parameter Weight => weight;
    public Parameter? Bias => bias;

    /// <summary>(B, inChannels, T) to (B, outChannels, T').</summary>
    public override Tensor forward(Tensor x)
    {
        // Zero padding (never reflect or replicate): a streaming runtime that starts from zeros and carries the
        // previous block's tail then computes exactly what this offline pass computes.
        if (padLeft == padRight)
            return nn.functional.conv1d(x, weight, bias, stride, padLeft, dilation, groups);
        using var padded = nn.functional.pad(x, new[] { padLeft, padRight });
        return nn.functional.conv1d(padded, weight, bias, stride, 0, dilation, groups);
    }
}
