using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>Max or average pooling with stride equal to the kernel (PyTorch's default), floor mode.</summary>
    public sealed class PoolOp : Op
    {
        public PoolOp(bool isMax, int rank, int kernelH, int kernelW)
        {
            IsMax = isMax; Rank = rank; KernelH = kernelH; KernelW = kernelW;
        }

        public bool IsMax { get; }
        /// <summary>1 for MaxPool1d over (C, T), 2 for MaxPool2d over (C, H, W).</summary>
        public int Rank { get; }
        /// <summary>Height kernel; always 1 for 1-D pooling.</summary>
        public int KernelH { get; }
        public int KernelW { get; }

        public override string Kind => IsMax ? "maxpool" : "avgpool";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            var x = inputs[0];
            string name = (IsMax ? "MaxPool" : "AvgPool") + Rank + "d";
            ShapeChecks.Rank(name, x, Rank + 1, Rank == 1 ? "(channels, time)" : "(channels, height, width)");
            ShapeChecks.Positive(name, "kernel", System.Math.Min(KernelH, KernelW));
            if (Rank == 1)
            {
                if (x[1] < KernelW) throw new DslException(DiagnosticCodes.ShapeMismatch, $"{name}: input length {x[1]} is shorter than the kernel {KernelW}");
                return new[] { x[0], x[1] / KernelW };
            }
            if (x[1] < KernelH || x[2] < KernelW)
                throw new DslException(DiagnosticCodes.ShapeMismatch, $"{name}: input {ShapeChecks.Format(x)} is smaller than the kernel {KernelH}x{KernelW}");
            return new[] { x[0], x[1] / KernelH, x[2] / KernelW };
        }

        public override long ReferenceFlops(IReadOnlyList<int[]> inputs, int[] output) =>
            ShapeChecks.Product(output) * KernelH * KernelW;

        public override TimeAxisEffect TimeAxis => new TimeAxisEffect(KernelW, KernelW, 0);

        public override string Describe() => Rank == 1 ? $"k={KernelW}" : $"k={KernelH}x{KernelW}";
    }
}
