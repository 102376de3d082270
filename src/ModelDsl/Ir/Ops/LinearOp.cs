using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>Fully connected layer over a flat feature vector.</summary>
    public sealed class LinearOp : Op
    {
        public LinearOp(int inFeatures, int outFeatures, bool bias) { InFeatures = inFeatures; OutFeatures = outFeatures; Bias = bias; }

        public int InFeatures { get; }
        public int OutFeatures { get; }
        public bool Bias { get; }

        public override string Kind => "linear";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            var x = inputs[0];
            ShapeChecks.Rank("Linear", x, 1, "(features); flatten first");
            ShapeChecks.Positive("Linear", "output features", OutFeatures);
            if (x[0] != InFeatures)
                throw new DslException(DiagnosticCodes.ShapeMismatch, $"Linear expects {InFeatures} features, got {x[0]}");
            return new[] { OutFeatures };
        }

        public override long ParameterCount => (long)InFeatures * OutFeatures + (Bias ? OutFeatures : 0);

        public override long Macs(IReadOnlyList<int[]> inputs, int[] output) => (long)InFeatures * OutFeatures;

        public override long ReferenceFlops(IReadOnlyList<int[]> inputs, int[] output) =>
            (long)InFeatures * OutFeatures + (Bias ? OutFeatures : 0);

        public override string Describe() => $"in={InFeatures} out={OutFeatures} bias={(Bias ? 1 : 0)}";
    }
}
