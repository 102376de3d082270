using System.Collections.Generic;
using System.Linq;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>Reorders the non-batch axes; ACDNet's swap is Permute(1, 0, 2) on (C, 1, W).</summary>
    public sealed class PermuteOp : Op
    {
        public PermuteOp(int[] dims) { Dims = dims; }

        /// <summary>Output axis i takes input axis Dims[i] (batch axis excluded).</summary>
        public int[] Dims { get; }

        public override string Kind => "permute";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            var x = inputs[0];
            if (Dims.Length != x.Length || !Dims.OrderBy(d => d).SequenceEqual(Enumerable.Range(0, x.Length)))
                throw new DslException(DiagnosticCodes.InvalidArgument,
                    $"Permute({string.Join(", ", Dims)}) is not a permutation of the {x.Length} axes of {ShapeChecks.Format(x)}");
            return Dims.Select(d => x[d]).ToArray();
        }

        public override string Describe() => "dims=" + string.Join(",", Dims);
    }
}
