using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Initialization;

/// <summary>
/// Layer-sequential unit variance: one forward pass in execution order in which each chosen layer's output is scaled
/// in place to a target standard deviation (so later layers see the rescaled value), and the layer's weight and bias
/// by the same factor. Shared by the seeded weights (<c>SeededModel</c>) and codec training's start
/// (<c>CodecInitialization</c>), which differ only in the layers, the targets and the forward pass.
/// </summary>
internal static class Lsuv
{
    /// <param name="shadow">The graph module whose parameters are rescaled.</param>
    /// <param name="targetStd">The output std a node should get, or null to leave it alone.</param>
    /// <param name="forward">One forward pass of <paramref name="shadow"/> on calibration audio.</param>
    public static void Run(GraphModule shadow, Func<Node, double?> targetStd, Action forward)
    {
        var layers = shadow.named_children().ToDictionary(c => c.name, c => c.module);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        shadow.eval();
        shadow.NodeObserver = (node, value) =>
        {
            if (targetStd(node) is not { } target) return;
            double std = value.std().item<float>();
            if (!(std > 1e-12)) return;
            // An explicit Scalar outlives the native calls (TorchSharp does not keep implicit ones alive).
            using var gain = ((float)(target / std)).ToScalar();
            value.mul_(gain);
            foreach (var (_, parameter) in layers[node.Identifier].named_parameters()) parameter.mul_(gain);
        };
        try
        {
            forward();
        }
        finally
        {
            shadow.NodeObserver = null;
        }
    }
}
