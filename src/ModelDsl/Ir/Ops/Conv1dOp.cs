using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>1-D convolution over (C, T) with stride, dilation, groups and valid, causal or same padding.</summary>
    public sealed class Conv1dOp : Op
    {
        public Conv1dOp(int inChannels, int outChannels, int kernel, int stride, int dilation, int groups, Padding padding, bool bias)
        {
            InChannels = inChannels; OutChannels = outChannels; Kernel = kernel; Stride = stride;
            Dilation = dilation; Groups = groups; Padding = padding; Bias = bias;
        }

        public int InChannels { get; }
        public int OutChannels { get; }
        public int Kernel { get; }
        public int Stride { get; }
        public int Dilation { get; }
        public int Groups { get; }
        public Padding Padding { get; }
        public bool Bias { get; }

        /// <summary>True when every output channel sees exactly its own input channel.</summary>
        public bool IsDepthwise => Groups == InChannels && Groups == OutChannels && Groups > 1;

        public int Span => (Kernel - 1) * Dilation + 1;

        /// <summary>Total padding for causal/same: span - stride, so a length divisible by the stride maps to length/stride.</summary>
        private int PaddingTotal => Padding == Padding.Valid ? 0 : System.Math.Max(0, Span - Stride);

        public int PadLeft => Padding == Padding.Causal ? PaddingTotal : Padding == Padding.Same ? PaddingTotal / 2 : 0;
        public int PadRight => PaddingTotal - PadLeft;

        public override string Kind => "conv";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            var x = inputs[0];
            ShapeChecks.Rank("Conv1d", x, 2, "(channels, time)");
            ShapeChecks.Positive("Conv1d", "kernel", Kernel);
            ShapeChecks.Positive("Conv1d", "stride", Stride);
            ShapeChecks.Positive("Conv1d", "dilation", Dilation);
            ShapeChecks.Positive("Conv1d", "output channels", OutChannels);
            if (x[0] != InChannels)
                throw new DslException(DiagnosticCodes.ShapeMismatch, $"Conv1d expects {InChannels} input channels, got {x[0]}");
            ShapeChecks.Groups("Conv1d", InChannels, OutChannels, Groups);
            if (Padding == Padding.Causal && Span < Stride)
                throw new DslException(DiagnosticCodes.InvalidArgument,
                    $"Conv1d: a causal conv needs kernel span ({Span}) >= stride ({Stride}), or it would skip samples");
            int t = ShapeChecks.WindowOutput("Conv1d", x[1], Kernel, Stride, Dilation, Padding, PadLeft, PadRight);
            return new[] { OutChannels, t };
        }

        public override long ParameterCount => (long)OutChannels * (InChannels / Groups) * Kernel + (Bias ? OutChannels : 0);

        public override long Macs(IReadOnlyList<int[]> inputs, int[] output) =>
            (long)output[0] * output[1] * (InChannels / Groups) * Kernel;

        public override long ReferenceFlops(IReadOnlyList<int[]> inputs, int[] output) =>
            Macs(inputs, output) + (Bias ? (long)output[0] * output[1] : 0);

        public override TimeAxisEffect TimeAxis => new TimeAxisEffect(Span, Stride, PadRight);

        public override string Describe() =>
            $"in={InChannels} out={OutChannels} k={Kernel} s={Stride} d={Dilation} g={Groups} pad={Padding.ToString().ToLowerInvariant()} bias={(Bias ? 1 : 0)}";
    }
}
