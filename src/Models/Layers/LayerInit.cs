using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>PyTorch's default initialisation for convolutions, so fresh TorchSharp models train like their PyTorch twins.</summary>
internal static class LayerInit
{
    /// <summary>
    /// Weight: kaiming_uniform_(a = sqrt 5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in from the weight's
    /// dims 1.. (for a transposed conv that is out/groups * k, as in PyTorch). Bias: the same bound.
    /// Draws from torch's global generator, so <c>torch.manual_seed</c> makes it reproducible.
    /// </summary>
    public static void ResetConvolution(Tensor weight, Tensor? bias)
    {
        using var _ = no_grad();
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias is null) return;
        long fanIn = weight.numel() / weight.shape[0];
        double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0.0;
        nn.init.uniform_(bias, -bound, bound);
    }
}
