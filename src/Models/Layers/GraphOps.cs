using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// Run-time evaluation of the stateless ops (activations, pools, add, permute, reshape, softmax) with a leading
/// batch axis. Mirrors the expressions TorchSharpEmitter prints; a test compares the two numerically.
/// </summary>
internal static class GraphOps
{
    public static Tensor Apply(Node node, IReadOnlyList<Tensor> args)
    {
        var x = args[0];
        switch (node.Op)
        {
            case ActivationOp a:
                return a.Activation switch
                {
                    ActivationKind.Relu => nn.functional.relu(x),
                    ActivationKind.Elu => Activations.Elu(x, a.Alpha),
                    _ => Activations.LeakyRelu(x, a.Alpha),
                };
            case PoolOp p when p.Rank == 1:
                return p.IsMax
                    ? nn.functional.max_pool1d(x, kernel_size: p.KernelW, stride: p.KernelW)
                    : nn.functional.avg_pool1d(x, kernel_size: p.KernelW, stride: p.KernelW);
            case PoolOp p:
                var kernel = new long[] { p.KernelH, p.KernelW };
                return p.IsMax ? nn.functional.max_pool2d(x, kernel, kernel) : nn.functional.avg_pool2d(x, kernel, kernel);
            case AddOp:
                return x + args[1];
            case PermuteOp p:
                return x.permute(p.Dims.Select(d => (long)d + 1).Prepend(0L).ToArray());
            case ReshapeOp r:
                return x.reshape(r.Shape.Select(d => (long)d).Prepend(-1L).ToArray());
            case SoftmaxOp:
                return nn.functional.softmax(x, 1);
            default:
                throw new DslException(DiagnosticCodes.UnsupportedConstruct, $"{node.Name}: op '{node.Op.Kind}' cannot be run");
        }
    }
}
