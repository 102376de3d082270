using System.Collections.Generic;
using System.Linq;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>Small shared helpers for operators' shape inference, all raising <see cref="DslException"/>.</summary>
    internal static class ShapeChecks
    {
        public static string Format(int[] shape) => "(" + string.Join(", ", shape) + ")";

        public static void Rank(string op, int[] shape, int rank, string layout)
        {
            if (shape.Length != rank)
                throw new DslException(DiagnosticCodes.ShapeMismatch,
                    $"{op} expects a rank-{rank} input {layout}, got shape {Format(shape)}");
        }

        public static void Positive(string op, string what, int value)
        {
            if (value < 1)
                throw new DslException(DiagnosticCodes.InvalidArgument, $"{op}: {what} must be at least 1, got {value}");
        }

        public static void Groups(string op, int inChannels, int outChannels, int groups)
        {
            Positive(op, "groups", groups);
            if (inChannels % groups != 0 || outChannels % groups != 0)
                throw new DslException(DiagnosticCodes.ShapeMismatch,
                    $"{op}: groups={groups} must divide both input channels ({inChannels}) and output channels ({outChannels})");
        }

        /// <summary>Output length of a padded, strided, dilated window; rejects a stride that does not divide a padded length.</summary>
        public static int WindowOutput(string op, int length, int kernel, int stride, int dilation, Padding padding, int padLeft, int padRight)
        {
            int span = (kernel - 1) * dilation + 1;
            if (padding != Padding.Valid && length % stride != 0)
                throw new DslException(DiagnosticCodes.StrideDoesNotDivide,
                    $"{op}: stride {stride} does not divide the input length {length}; with {padding.ToString().ToLowerInvariant()} padding the length must be a multiple of the stride");
            int padded = length + padLeft + padRight;
            if (padded < span)
                throw new DslException(DiagnosticCodes.ShapeMismatch,
                    $"{op}: input length {length} is shorter than the kernel span {span}");
            return (padded - span) / stride + 1;
        }

        public static long Product(IEnumerable<int> dims) => dims.Aggregate(1L, (a, b) => a * b);
    }
}
