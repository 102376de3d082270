using System.Collections.Generic;
using System.Linq;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>Reshape of the non-batch axes (Flatten is Reshape to one axis). Element count must not change.</summary>
    public sealed class ReshapeOp : Op
    {
        public ReshapeOp(int[] shape) { Shape = shape; }

        public int[] Shape { get; }

        public override string Kind => "reshape";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            var x = inputs[0];
            if (Shape.Any(d => d < 1) || ShapeChecks.Product(Shape) != ShapeChecks.Product(x))
                throw new DslException(DiagnosticCodes.ShapeMismatch,
                    $"Reshape to {ShapeChecks.Format(Shape)} does not keep the {ShapeChecks.Product(x)} elements of {ShapeChecks.Format(x)}");
            return (int[])Shape.Clone();
        }

        public override string Describe() => "shape=" + string.Join(",", Shape);
    }
}
