using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>Elementwise sum of two tensors of identical shape (residual connections).</summary>
    public sealed class AddOp : Op
    {
        public override string Kind => "add";
        public override int Arity => 2;

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            if (!ShapeEquals(inputs[0], inputs[1]))
                throw new DslException(DiagnosticCodes.ShapeMismatch,
                    $"Add needs equal shapes, got {ShapeChecks.Format(inputs[0])} and {ShapeChecks.Format(inputs[1])}");
            return (int[])inputs[0].Clone();
        }

        private static bool ShapeEquals(int[] a, int[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        public override bool IsElementwise => true;

        public override string Describe() => "";
    }
}
