using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>
    /// Transposed 1-D convolution (upsampling by <see cref="Stride"/>). The raw output has (T-1)*s + k samples;
    /// k - s of them are cropped so the output is exactly T*s: all on the right for causal padding (output n
    /// depends only on inputs up to n/s), split evenly for same padding.
    /// </summary>
    public sealed class ConvTranspose1dOp : Op
    {
        public ConvTranspose1dOp(int inChannels, int outChannels, int kernel, int stride, Padding padding, bool bias)
        {
            InChannels = inChannels; OutChannels = outChannels; Kernel = kernel; Stride = stride; Padding = padding; Bias = bias;
        }

        public int InChannels { get; }
        public int OutChannels { get; }
        public int Kernel { get; }
        public int Stride { get; }
        public Padding Padding { get; }
        public bool Bias { get; }

        private int CropTotal => Padding == Padding.Valid ? 0 : Kernel - Stride;
        public int CropLeft => Padding == Padding.Same ? CropTotal / 2 : 0;
        public int CropRight => CropTotal - CropLeft;

        public override string Kind => "upconv";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            var x = inputs[0];
            ShapeChecks.Rank("ConvTranspose1d", x, 2, "(channels, time)");
            ShapeChecks.Positive("ConvTranspose1d", "kernel", Kernel);
            ShapeChecks.Positive("ConvTranspose1d", "stride", Stride);
            ShapeChecks.Positive("ConvTranspose1d", "output channels", OutChannels);
            if (x[0] != InChannels)
                throw new DslException(DiagnosticCodes.ShapeMismatch, $"ConvTranspose1d expects {InChannels} input channels, got {x[0]}");
            if (Kernel < Stride)
                throw new DslException(DiagnosticCodes.InvalidArgument,
                    $"ConvTranspose1d: kernel ({Kernel}) must be at least the stride ({Stride}) or the output has holes");
            return new[] { OutChannels, (x[1] - 1) * Stride + Kernel - CropTotal };
        }

        public override long ParameterCount => (long)InChannels * OutChannels * Kernel + (Bias ? OutChannels : 0);

        public override long Macs(IReadOnlyList<int[]> inputs, int[] output) =>
            (long)inputs[0][0] * inputs[0][1] * OutChannels * Kernel;

        public override long ReferenceFlops(IReadOnlyList<int[]> inputs, int[] output) =>
            Macs(inputs, output) + (Bias ? (long)output[0] * output[1] : 0);

        public override TimeAxisEffect TimeAxis => new TimeAxisEffect(1, 1, 0, Stride);

        public override string Describe() =>
            $"in={InChannels} out={OutChannels} k={Kernel} s={Stride} pad={Padding.ToString().ToLowerInvariant()} bias={(Bias ? 1 : 0)}";
    }
}
