using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralAudio.Runtime;

/// <summary>Parameters of the residual-VQ encoder, field for field <c>na_rvq_params</c>.</summary>
/// <param name="Stages">Number of quantizers.</param>
/// <param name="CodebookSize">K, at most 65536.</param>
/// <param name="Dim">D, at most 4096 (the int32 codeword norms stay exact).</param>
/// <param name="FracBits">Fractional bits F of the int16 residual, in [0, 7].</param>
/// <param name="InputOffset">Minus the embedding zero point.</param>
public readonly record struct RvqParams(int Stages, int CodebookSize, int Dim, int FracBits, int InputOffset)
{
    internal void Validate()
    {
        Guard.Positive(Stages, nameof(Stages));
        if (CodebookSize < 1 || CodebookSize > 65536)
            throw new ArgumentOutOfRangeException(nameof(CodebookSize), CodebookSize, "codebook size must lie in [1, 65536]");
        if (Dim < 1 || Dim > 4096) throw new ArgumentOutOfRangeException(nameof(Dim), Dim, "dimension must lie in [1, 4096]");
        if (FracBits < 0 || FracBits > 7)
            throw new ArgumentOutOfRangeException(nameof(FracBits), FracBits, "fractional bits must lie in [0, 7]");
    }
}

/// <summary>
/// Residual-VQ nearest-code search in integer arithmetic, bit-exact with <c>na_rvq.c</c>. The residual is int16 in
/// units of the current stage's codebook scale / 2^F; it is rescaled by (multiplier[s], shift[s]) on entering stage
/// s; distance = norm * 2^F - 2 r.w (int64), the lowest index wins ties. See <c>na_kernels.h</c>.
/// </summary>
public static class RvqKernel
{
    /// <summary>embedding [frames][Dim] int8 -> codes [frames][Stages].</summary>
    /// <param name="p">Shape and residual format.</param>
    /// <param name="embedding">int8 [frames][Dim].</param>
    /// <param name="frames">Frames to encode.</param>
    /// <param name="codebooks">int8 [Stages][CodebookSize][Dim].</param>
    /// <param name="codebookOffsets">Per stage, minus the codebook zero point.</param>
    /// <param name="norms">Per stage and code, the squared norm of the offset codeword.</param>
    /// <param name="multiplier">Per stage, the Q31 multiplier that rescales the incoming residual.</param>
    /// <param name="shift">Per stage, its shift.</param>
    /// <param name="codes">[frames][Stages] code indices.</param>
    public static void Encode(in RvqParams p, ReadOnlySpan<sbyte> embedding, int frames, ReadOnlySpan<sbyte> codebooks,
        ReadOnlySpan<int> codebookOffsets, ReadOnlySpan<int> norms, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift,
        Span<ushort> codes)
    {
        p.Validate();
        int dim = p.Dim, size = p.CodebookSize;
        Guard.AtLeast(embedding.Length, (long)frames * dim, nameof(embedding));
        Guard.AtLeast(codebooks.Length, (long)p.Stages * size * dim, nameof(codebooks));
        Guard.AtLeast(codebookOffsets.Length, p.Stages, nameof(codebookOffsets));
        Guard.AtLeast(norms.Length, (long)p.Stages * size, nameof(norms));
        Guard.AtLeast(multiplier.Length, p.Stages, nameof(multiplier));
        Guard.AtLeast(shift.Length, p.Stages, nameof(shift));
        Guard.AtLeast(codes.Length, (long)frames * p.Stages, nameof(codes));

        int one = 1 << p.FracBits;
        bool simd = HostSimd.IsSupported && HostSimd.RvqDotFits(dim);
        Span<short> r = stackalloc short[dim];
        for (int f = 0; f < frames; f++)
        {
            var e = embedding.Slice(f * dim, dim);
            for (int i = 0; i < dim; i++)
                r[i] = Saturate16(QuantMath.MultiplyByQuantizedMultiplier(e[i] + p.InputOffset, multiplier[0], shift[0]));
            for (int s = 0; s < p.Stages; s++)
            {
                var book = codebooks.Slice(s * size * dim, size * dim);
                int offset = codebookOffsets[s];
                if (s > 0)
                {
                    for (int i = 0; i < dim; i++)
                        r[i] = Saturate16(QuantMath.MultiplyByQuantizedMultiplier(r[i], multiplier[s], shift[s]));
                }
                long best = long.MaxValue;
                int bestK = 0;
                long offsetTerm = 0;
                if (simd)
                {
                    int rSum = 0;
                    for (int i = 0; i < dim; i++) rSum += r[i];
                    offsetTerm = (long)offset * rSum;
                }
                for (int k = 0; k < size; k++)
                {
                    var word = book.Slice(k * dim, dim);
                    long dot = simd ? HostSimd.RvqDot(r, word, offsetTerm) : Dot(r, word, offset);
                    long distance = (long)norms[s * size + k] * one - 2 * dot;
                    if (distance < best)
                    {
                        best = distance;
                        bestK = k;
                    }
                }
                codes[f * p.Stages + s] = (ushort)bestK;
                var bestWord = book.Slice(bestK * dim, dim);
                for (int i = 0; i < dim; i++) r[i] = Saturate16(r[i] - (bestWord[i] + offset) * one);
            }
        }
    }

    /// <summary>
    /// Sum of r[i] * (word[i] + offset), exact: each term is at most 2^15 * 255 in magnitude, so int32 partial sums
    /// of 256 terms cannot overflow (as <c>na_rvq_dot</c>); added up in int64.
    /// </summary>
    private static long Dot(ReadOnlySpan<short> r, ReadOnlySpan<sbyte> word, int offset)
    {
        long dot = 0;
        for (int start = 0; start < r.Length; start += 256)
        {
            int end = Math.Min(r.Length, start + 256), i = start, partial = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                ref short rr = ref MemoryMarshal.GetReference(r);
                ref sbyte wr = ref MemoryMarshal.GetReference(word);
                var off = Vector128.Create((short)offset);
                var sum = Vector256<int>.Zero;
                for (; i + 16 <= end; i += 16)
                {
                    var wb = Vector128.LoadUnsafe(ref wr, (nuint)i);
                    var (r0, r1) = Vector128.Widen(Vector128.LoadUnsafe(ref rr, (nuint)i));
                    var (r2, r3) = Vector128.Widen(Vector128.LoadUnsafe(ref rr, (nuint)(i + 8)));
                    var (w0, w1) = Vector128.Widen(Vector128.WidenLower(wb) + off);
                    var (w2, w3) = Vector128.Widen(Vector128.WidenUpper(wb) + off);
                    sum += Vector256.Create(r0, r1) * Vector256.Create(w0, w1) + Vector256.Create(r2, r3) * Vector256.Create(w2, w3);
                }
                partial = Vector256.Sum(sum);
            }
            for (; i < end; i++) partial += r[i] * (word[i] + offset);
            dot += partial;
        }
        return dot;
    }

    private static short Saturate16(int v) => (short)Math.Clamp(v, short.MinValue, short.MaxValue);
}
