using NeuralAudio.Runtime.Tests.Infrastructure;

namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>
/// Residual-VQ encode calls. Even cases: well-separated float codebooks (per-stage scale shrinking 0.4x), prepared
/// by RvqQuantization, and embeddings near sums of codewords; the expected codes are a float brute-force search on
/// the dequantised embedding and codebooks. Frames whose float decision margin is within the integer path's error
/// bound are redrawn (that is what "well separated" means). Odd cases: arbitrary int8 data, C == C# only.
/// </summary>
internal static class RvqCases
{
    public static IEnumerable<KernelCase> Generate(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 1597 * n);
            yield return n % 2 == 0 ? WellSeparated(r, n) : Adversarial(r, n);
        }
    }

    private static KernelCase WellSeparated(CaseRandom r, int n)
    {
        int stages = r.Int(1, 4), dim = r.Int(1, 16), size = dim == 1 ? r.Int(2, 4) : r.Int(2, 32), frames = r.Int(1, 6);
        int fracBits = stages <= 2 ? r.Pick(0, 2, 4, 6) : r.Pick(4, 6);
        var sigma = Enumerable.Range(0, stages).Select(s => Math.Pow(0.4, s)).ToArray();
        var books = new List<float[]>();
        for (int s = 0; s < stages; s++) books.Add(SeparatedCodebook(r, size, dim, sigma[s]));
        double bound = sigma.Sum() * 1.1;
        var embQ = QuantizationParameters.ChooseActivationQuantization((float)-bound, (float)bound);
        var tables = RvqQuantization.Prepare(embQ, books, size, dim, fracBits);
        var real = Enumerable.Range(0, stages).Select(s =>
            tables.Codebooks.Skip(s * size * dim).Take(size * dim).Select(v => tables.Quantization[s].Dequantize(v)).ToArray()).ToArray();

        var embedding = new sbyte[frames * dim];
        var expected = new int[frames * stages];
        for (int f = 0; f < frames; f++)
        {
            for (int attempt = 0; ; attempt++)
            {
                if (attempt > 200) throw new InvalidOperationException("could not draw a well-separated frame");
                var e = new double[dim];
                for (int s = 0; s < stages; s++)
                {
                    int k = r.Int(0, size - 1);
                    for (int i = 0; i < dim; i++) e[i] += books[s][k * dim + i];
                }
                for (int i = 0; i < dim; i++) e[i] += r.Uniform(-0.05, 0.05) * sigma[^1];
                var q = e.Select(v => embQ.Quantize(v)).ToArray();
                var codes = FloatSearch(q.Select(v => embQ.Dequantize(v)).ToArray(), real, size, dim, ErrorBounds(tables, embQ, fracBits));
                if (codes == null) continue;
                q.CopyTo(embedding, f * dim);
                codes.CopyTo(expected, f * stages);
                break;
            }
        }
        return Case($"rvq#{n} well-separated stages={stages} K={size} D={dim} F={fracBits} frames={frames}", tables.Params, embedding, frames,
            tables.Codebooks, tables.CodebookOffsets, tables.Norms, tables.Multiplier, tables.Shift, expected);
    }

    /// <summary>Per stage, the largest real error of one residual component in the integer path.</summary>
    private static double[] ErrorBounds(RvqTables t, ActivationQuantization embQ, int fracBits)
    {
        // Entering stage 0 rounds to c_0 / 2^F; each later entry rounds again to c_s / 2^F (double rounding: one
        // unit). Errors carry over in real terms, so stage s sees the sum.
        var bounds = new double[t.Quantization.Length];
        double acc = 0;
        for (int s = 0; s < bounds.Length; s++)
        {
            acc += 1.0 * t.Quantization[s].Scale / (1 << fracBits);
            bounds[s] = acc + 1e-9 * embQ.Scale;
        }
        return bounds;
    }

    /// <summary>
    /// Brute-force float residual search (lowest index on ties); null when a decision is closer than the integer
    /// error bound could flip.
    /// </summary>
    private static int[]? FloatSearch(double[] e, double[][] books, int size, int dim, double[] errorBound)
    {
        var residual = (double[])e.Clone();
        var codes = new int[books.Length];
        for (int s = 0; s < books.Length; s++)
        {
            var d = new double[size];
            for (int k = 0; k < size; k++)
                for (int i = 0; i < dim; i++) d[k] += Math.Pow(residual[i] - books[s][k * dim + i], 2);
            int best = 0;
            for (int k = 1; k < size; k++) if (d[k] < d[best]) best = k;
            for (int k = 0; k < size; k++)
            {
                if (k == best) continue;
                double l1 = 0;
                for (int i = 0; i < dim; i++) l1 += Math.Abs(books[s][k * dim + i] - books[s][best * dim + i]);
                // A residual error of at most eps per component moves d[k] - d[best] by at most 2 eps |w_k - w_best|_1.
                if (d[k] - d[best] <= 2 * errorBound[s] * l1 * 1.5) return null;
            }
            codes[s] = best;
            for (int i = 0; i < dim; i++) residual[i] -= books[s][best * dim + i];
        }
        return codes;
    }

    private static float[] SeparatedCodebook(CaseRandom r, int size, int dim, double sigma)
    {
        var book = new float[size * dim];
        double minDistance = 0.4 * sigma * Math.Sqrt(dim);
        for (int k = 0; k < size; k++)
        {
            for (int attempt = 0; ; attempt++)
            {
                for (int i = 0; i < dim; i++) book[k * dim + i] = (float)(r.Uniform(-1, 1) * sigma);
                bool separated = true;
                for (int j = 0; j < k && separated; j++)
                {
                    double d2 = 0;
                    for (int i = 0; i < dim; i++) d2 += Math.Pow(book[k * dim + i] - book[j * dim + i], 2);
                    separated = Math.Sqrt(d2) >= minDistance;
                }
                if (separated || attempt > 1000) break;
            }
        }
        return book;
    }

    private static KernelCase Adversarial(CaseRandom r, int n)
    {
        bool wide = r.Chance(0.15);
        int stages = r.Int(1, 3), dim = wide ? 512 : r.Int(1, 40), size = wide ? r.Int(1, 6) : r.Int(1, 40), frames = r.Int(1, 4);
        int fracBits = r.Int(0, 7);
        var books = r.S8(stages * size * dim);
        var offsets = r.Ints(stages, -127, 128);
        var norms = new int[stages * size];
        bool trueNorms = r.Chance(0.7);
        for (int s = 0; s < stages; s++)
            for (int k = 0; k < size; k++)
                norms[s * size + k] = trueNorms ? Norm(books, (s * size + k) * dim, dim, offsets[s]) : r.Int(0, 255 * 255 * dim);
        var multiplier = Enumerable.Range(0, stages).Select(_ => r.Int(1 << 30, int.MaxValue)).ToArray();
        var shift = Enumerable.Range(0, stages).Select(_ => r.Int(-12, 10)).ToArray();
        var p = new RvqParams(stages, size, dim, fracBits, r.Int(-127, 128));
        return Case($"rvq#{n} adversarial stages={stages} K={size} D={dim} F={fracBits} frames={frames}", p, r.S8(frames * dim), frames,
            books, offsets, norms, multiplier, shift, null);
    }

    /// <summary>The squared norm of the offset codeword at <paramref name="at"/> (what the exporter precomputes).</summary>
    internal static int Norm(sbyte[] books, int at, int dim, int offset)
    {
        int norm = 0;
        for (int i = 0; i < dim; i++)
        {
            int w = books[at + i] + offset;
            norm += w * w;
        }
        return norm;
    }

    internal static KernelCase Case(string name, RvqParams p, sbyte[] embedding, int frames, sbyte[] books, int[] offsets, int[] norms,
        int[] multiplier, int[] shift, int[]? expected) => new()
        {
            Name = name,
            Request = new KernelRequest(KernelId.Rvq)
                .Params(p.Stages, p.CodebookSize, p.Dim, p.FracBits, p.InputOffset, frames)
                .S8(embedding).S8(books).S32(offsets).S32(norms).S32(multiplier).S32(shift),
            RunCSharp = () =>
            {
                var codes = new ushort[frames * p.Stages];
                RvqKernel.Encode(p, embedding, frames, books, offsets, norms, multiplier, shift, codes);
                return KernelCase.Bytes(codes);
            },
            Output = OutputElement.U16,
            FloatExpected = expected,
        };
}
