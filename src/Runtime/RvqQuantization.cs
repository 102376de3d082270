namespace NeuralAudio.Runtime;

/// <summary>Everything <c>na_rvq_encode_s8</c> needs besides the embedding, built by <see cref="RvqQuantization.Prepare"/>.</summary>
/// <param name="Params">Shape and residual format.</param>
/// <param name="Codebooks">int8 [stages][K][D].</param>
/// <param name="CodebookOffsets">Per stage, minus the zero point.</param>
/// <param name="Norms">[stages][K] squared norms of the offset codewords.</param>
/// <param name="Multiplier">Per stage, the rescaling of the incoming residual.</param>
/// <param name="Shift">Per stage, its shift.</param>
/// <param name="Quantization">Per stage, the codebook's scale and zero point.</param>
public sealed record RvqTables(
    RvqParams Params, sbyte[] Codebooks, int[] CodebookOffsets, int[] Norms, int[] Multiplier, int[] Shift,
    ActivationQuantization[] Quantization);

/// <summary>Export-time quantisation of residual-VQ codebooks for the integer nearest-code search.</summary>
public static class RvqQuantization
{
    /// <summary>
    /// Quantises each stage's float codebook [K][D] per tensor (asymmetric int8, its own scale c_s), precomputes
    /// the norms, and the residual rescalings: embeddingScale * 2^F / c_0 into stage 0, c_(s-1) / c_s into stage s.
    /// </summary>
    /// <param name="embedding">Quantisation of the encoder output that feeds the quantiser.</param>
    /// <param name="codebooks">Per stage, float [K][D] row-major.</param>
    /// <param name="codebookSize">K.</param>
    /// <param name="dim">D.</param>
    /// <param name="fracBits">Fractional bits of the residual (4 keeps a 16x finer residual than the codebook grid).</param>
    public static RvqTables Prepare(
        ActivationQuantization embedding, IReadOnlyList<float[]> codebooks, int codebookSize, int dim, int fracBits = 4)
    {
        ArgumentNullException.ThrowIfNull(codebooks);
        var p = new RvqParams(codebooks.Count, codebookSize, dim, fracBits, embedding.InputOffset);
        p.Validate();
        int stages = codebooks.Count, words = codebookSize * dim;
        var values = new sbyte[stages * words];
        var offsets = new int[stages];
        var norms = new int[stages * codebookSize];
        var multiplier = new int[stages];
        var shift = new int[stages];
        var quantization = new ActivationQuantization[stages];
        for (int s = 0; s < stages; s++)
        {
            float[] book = codebooks[s];
            if (book.Length != words)
                throw new ArgumentException($"codebook {s} holds {book.Length} values, expected {codebookSize} x {dim}", nameof(codebooks));
            var q = QuantizationParameters.ChooseActivationQuantization(book.Min(), book.Max());
            quantization[s] = q;
            offsets[s] = q.InputOffset;
            for (int i = 0; i < words; i++) values[s * words + i] = q.Quantize(book[i]);
            for (int k = 0; k < codebookSize; k++)
            {
                int norm = 0;
                for (int i = 0; i < dim; i++)
                {
                    int w = values[s * words + k * dim + i] + offsets[s];
                    norm += w * w;
                }
                norms[s * codebookSize + k] = norm;
            }
            double real = s == 0
                ? (double)embedding.Scale * (1 << fracBits) / q.Scale
                : (double)quantization[s - 1].Scale / q.Scale;
            QuantizationParameters.QuantizeMultiplier(real, out multiplier[s], out shift[s]);
        }
        return new RvqTables(p, values, offsets, norms, multiplier, shift, quantization);
    }
}
