using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>2-D convolution over (C, H, W); W is the time axis. Valid or same padding per axis (causal pads W on the left).</summary>
    public sealed class Conv2dOp : Op
    {
        public Conv2dOp(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
            int dilationH, int dilationW, int groups, Padding padding, bool bias)
        {
            InChannels = inChannels; OutChannels = outChannels; KernelH = kernelH; KernelW = kernelW;
            StrideH = strideH; StrideW = strideW; DilationH = dilationH; DilationW = dilationW;
            Groups = groups; Padding = padding; Bias = bias;
        }

        public int InChannels { get; }
        public int OutChannels { get; }
        public int KernelH { get; }
        public int KernelW { get; }
        public int StrideH { get; }
        public int StrideW { get; }
        public int DilationH { get; }
        public int DilationW { get; }
        public int Groups { get; }
        public Padding Padding { get; }
        public bool Bias { get; }

        private static int Total(Padding p, int span, int stride) => p == Padding.Valid ? 0 : System.Math.Max(0, span - stride);

        private int SpanH => (KernelH - 1) * DilationH + 1;
        private int SpanW => (KernelW - 1) * DilationW + 1;

        /// <summary>Height is never causal: causal padding applies to time (W) only, height gets same padding.</summary>
        public int PadTop => Padding == Padding.Valid ? 0 : Total(Padding, SpanH, StrideH) / 2;
        public int PadBottom => Total(Padding, SpanH, StrideH) - PadTop;
        public int PadLeft => Padding == Padding.Causal ? Total(Padding, SpanW, StrideW) : Total(Padding, SpanW, StrideW) / 2;
        public int PadRight => Total(Padding, SpanW, StrideW) - PadLeft;

        public override string Kind => "conv";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            var x = inputs[0];
            ShapeChecks.Rank("Conv2d", x, 3, "(channels, height, width)");
            ShapeChecks.Positive("Conv2d", "kernel", System.Math.Min(KernelH, KernelW));
            ShapeChecks.Positive("Conv2d", "stride", System.Math.Min(StrideH, StrideW));
            ShapeChecks.Positive("Conv2d", "dilation", System.Math.Min(DilationH, DilationW));
            ShapeChecks.Positive("Conv2d", "output channels", OutChannels);
            if (x[0] != InChannels)
                throw new DslException(DiagnosticCodes.ShapeMismatch, $"Conv2d expects {InChannels} input channels, got {x[0]}");
            ShapeChecks.Groups("Conv2d", InChannels, OutChannels, Groups);
            var hPadding = Padding == Padding.Causal ? Padding.Same : Padding;
            int h = ShapeChecks.WindowOutput("Conv2d", x[1], KernelH, StrideH, DilationH, hPadding, PadTop, PadBottom);
            int w = ShapeChecks.WindowOutput("Conv2d", x[2], KernelW, StrideW, DilationW, Padding, PadLeft, PadRight);
            return new[] { OutChannels, h, w };
        }

        public override long ParameterCount => (long)OutChannels * (InChannels / Groups) * KernelH * KernelW + (Bias ? OutChannels : 0);

        public override long Macs(IReadOnlyList<int[]> inputs, int[] output) =>
            (long)output[0] * output[1] * output[2] * (InChannels / Groups) * KernelH * KernelW;

        public override long ReferenceFlops(IReadOnlyList<int[]> inputs, int[] output) =>
            Macs(inputs, output) + (Bias ? (long)output[0] * output[1] * output[2] : 0);

        public override TimeAxisEffect TimeAxis => new TimeAxisEffect(SpanW, StrideW, PadRight);

        public override string Describe() =>
            $"in={InChannels} out={OutChannels} k={KernelH}x{KernelW} s={StrideH}x{StrideW} d={DilationH}x{DilationW} g={Groups} pad={Padding.ToString().ToLowerInvariant()} bias={(Bias ? 1 : 0)}";
    }
}
