using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>Batch normalisation over the channel axis (1-D or 2-D input). Folded into the preceding conv for int8.</summary>
    public sealed class BatchNormOp : Op
    {
        public BatchNormOp(int channels) { Channels = channels; }

        public int Channels { get; }

        public override string Kind => "bn";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            var x = inputs[0];
            if (x.Length < 2)
                throw new DslException(DiagnosticCodes.ShapeMismatch, $"BatchNorm expects (channels, time) or (channels, height, width), got {ShapeChecks.Format(x)}");
            return (int[])x.Clone();
        }

        /// <summary>Weight and bias; running mean and variance are buffers, not parameters.</summary>
        public override long ParameterCount => 2L * Channels;

        public override bool IsElementwise => true;

        public override string Describe() => $"c={Channels}";
    }
}
