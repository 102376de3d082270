using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// Transposed 1-D convolution whose raw output ((T - 1) * stride + kernel samples) is cropped by
/// <c>cropLeft</c>/<c>cropRight</c>. Cropping only on the right keeps it causal: output n depends on inputs up to n / stride.
/// </summary>
public sealed class CroppedConvTranspose1d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly long stride, cropLeft, cropRight;

    /// <summary>Weight of shape (inChannels, outChannels, kernel), as PyTorch's ConvTranspose1d.</summary>
    public CroppedConvTranspose1d(long inChannels, long outChannels, long kernel, long stride, bool bias, long cropLeft, long cropRight)
        : base(nameof(CroppedConvTranspose1d))
    {
        if (cropLeft < 0 || cropRight < 0) throw new ArgumentOutOfRangeException(nameof(cropLeft), "crop cannot be negative");
        this.stride = stride; this.cropLeft = cropLeft; this.cropRight = cropRight;
        weight = new Parameter(empty(inChannels, outChannels, kernel));
        this.bias = bias ? new Parameter(empty(outChannels)) : null;
        LayerInit.ResetConvolution(weight, this.bias);
        RegisterComponents();
    }

    public Parameter Weight => weight;
    public Parameter? Bias => bias;

    /// <summary>(B, inChannels, T) to (B, outChannels, (T - 1) * stride + kernel - cropLeft - cropRight).</summary>
    public override Tensor forward(Tensor x)
    {
        var y = nn.functional.conv_transpose1d(x, weight, bias, stride);
        if (cropLeft == 0 && cropRight == 0) return y;
        using (y) return y.narrow(2, cropLeft, y.shape[2] - cropLeft - cropRight);
    }
}
