using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Emit
{
    /// <summary>
    /// The TorchSharp expression computing one node from its operands' variables. Tensors carry a leading batch
    /// axis that the IR omits, so axis numbers shift by one. GraphModule evaluates the same operations at run time.
    /// </summary>
    internal static class TorchSharpExpressions
    {
        public static string For(Node node, IReadOnlyList<string> args)
        {
            if (LayerSpec.For(node) != null) return CSharpNames.Field(node.Identifier) + ".call(" + args[0] + ")";
            var x = args[0];
            switch (node.Op)
            {
                case ActivationOp a:
                    switch (a.Activation)
                    {
                        case ActivationKind.Relu: return $"nn.functional.relu({x})";
                        case ActivationKind.Elu: return $"Activations.Elu({x}, {CSharpLiteral.Double(a.Alpha)})";
                        default: return $"Activations.LeakyRelu({x}, {CSharpLiteral.Double(a.Alpha)})";
                    }
                case PoolOp p:
                    var fn = (p.IsMax ? "max_pool" : "avg_pool") + p.Rank + "d";
                    if (p.Rank == 1) return $"nn.functional.{fn}({x}, kernel_size: {p.KernelW}, stride: {p.KernelW})";
                    var kernel = $"new long[] {{ {p.KernelH}, {p.KernelW} }}";
                    return $"nn.functional.{fn}({x}, {kernel}, {kernel})";
                case AddOp _:
                    return $"{x} + {args[1]}";
                case PermuteOp p:
                    return $"{x}.permute(0, {string.Join(", ", p.Dims.Select(d => d + 1))})";
                case ReshapeOp r:
                    return $"{x}.reshape(-1, {string.Join(", ", r.Shape)})";
                case SoftmaxOp _:
                    return $"nn.functional.softmax({x}, 1)";
                default:
                    throw new DslException(DiagnosticCodes.UnsupportedConstruct,
                        $"{node.Name}: the TorchSharp emitter does not support op '{node.Op.Kind}'");
            }
        }
    }
}
