using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>
    /// Residual vector quantiser over (D, T) embeddings. Encode: per stage, the nearest codeword to the residual
    /// (Nq codes per frame). Decode: the sum of the chosen codewords. In the float graph the op outputs the
    /// quantised embedding (decode of encode), so training can pass gradients straight through.
    /// </summary>
    public sealed class ResidualVqOp : Op
    {
        public ResidualVqOp(int dimension, int numQuantizers, int codebookSize)
        {
            Dimension = dimension; NumQuantizers = numQuantizers; CodebookSize = codebookSize;
        }

        public int Dimension { get; }
        public int NumQuantizers { get; }
        public int CodebookSize { get; }

        /// <summary>Bits per code: log2 of the codebook size.</summary>
        public double BitsPerCode => System.Math.Log(CodebookSize) / System.Math.Log(2);

        public override string Kind => "rvq";

        public override int[] InferShape(IReadOnlyList<int[]> inputs)
        {
            var x = inputs[0];
            ShapeChecks.Rank("ResidualVq", x, 2, "(dimension, frames)");
            ShapeChecks.Positive("ResidualVq", "number of quantizers", NumQuantizers);
            if (CodebookSize < 2)
                throw new DslException(DiagnosticCodes.InvalidArgument, $"ResidualVq: codebook size must be at least 2, got {CodebookSize}");
            if (x[0] != Dimension)
                throw new DslException(DiagnosticCodes.ShapeMismatch, $"ResidualVq expects dimension {Dimension}, got {x[0]}");
            return (int[])x.Clone();
        }

        public override long ParameterCount => (long)NumQuantizers * CodebookSize * Dimension;

        /// <summary>Nearest-code search: every frame is compared with every codeword of every stage.</summary>
        public override long Macs(IReadOnlyList<int[]> inputs, int[] output) =>
            (long)NumQuantizers * CodebookSize * Dimension * inputs[0][1];

        public override string Describe() => $"d={Dimension} nq={NumQuantizers} k={CodebookSize}";
    }
}
