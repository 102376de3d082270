using System.Collections.Generic;
using System.Globalization;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>Dropout: active in training only; inference code (C, C#, int8) drops it entirely.</summary>
    public sealed class DropoutOp : Op
    {
        public DropoutOp(double probability) { Probability = probability; }

        public double Probability { get; }

        public override string Kind => "dropout";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            if (Probability < 0 || Probability >= 1)
                throw new DslException(DiagnosticCodes.InvalidArgument, $"Dropout probability must be in [0, 1), got {Probability}");
            return (int[])inputs[0].Clone();
        }

        public override bool IsElementwise => true;

        public override string Describe() => "p=" + Probability.ToString("R", CultureInfo.InvariantCulture);
    }
}
