using System.Collections.Generic;
using System.Globalization;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>The pointwise nonlinearities the zoo uses.</summary>
    public enum ActivationKind { Relu, Elu, LeakyRelu }

    /// <summary>A pointwise activation; <see cref="Alpha"/> is ELU's alpha or LeakyReLU's negative slope.</summary>
    public sealed class ActivationOp : Op
    {
        public ActivationOp(ActivationKind activation, double alpha) { Activation = activation; Alpha = alpha; }

        public ActivationKind Activation { get; }
        public double Alpha { get; }

        public override string Kind => Activation.ToString().ToLowerInvariant();

        public override int[] InferShape(IReadOnlyList<int[]> inputs) => (int[])inputs[0].Clone();

        public override bool IsElementwise => true;

        /// <summary>The reference calculator counts one FLOP per ReLU output; ELU likewise.</summary>
        public override long ReferenceFlops(IReadOnlyList<int[]> inputs, int[] output) => ShapeChecks.Product(output);

        public override string Describe() =>
            Activation == ActivationKind.Relu ? "" : "alpha=" + Alpha.ToString("R", CultureInfo.InvariantCulture);
    }
}
