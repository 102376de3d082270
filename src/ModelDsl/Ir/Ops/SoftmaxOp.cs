using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>Softmax over a flat feature vector (class probabilities).</summary>
    public sealed class SoftmaxOp : Op
    {
        public override string Kind => "softmax";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            ShapeChecks.Rank("Softmax", inputs[0], 1, "(features)");
            return (int[])inputs[0].Clone();
        }

        public override long ReferenceFlops(IReadOnlyList<int[]> inputs, int[] output) => ShapeChecks.Product(output);

        public override string Describe() => "";
    }
}
