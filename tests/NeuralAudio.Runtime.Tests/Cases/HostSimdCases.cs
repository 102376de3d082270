using NeuralAudio.Runtime.Tests.Infrastructure;

namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>
/// Calls shaped like the zoo's layers, for the host SIMD kernels (src/Runtime/c/na_simd_x86.c): the channel counts
/// of the TinyStream configs (4, 8, 10, 12, 16 doubling up to 256), hops of 1 to 300 steps, depthwise taps 3/7/8 with
/// dilations 1/3/9 and strides 1/4, stems with one input channel, long adds and table look-ups, RVQ searches with
/// dimensions 16 to 256 and codebooks with duplicated codewords (ties). Requantisation is adversarial (any multiplier
/// including 0, negative and INT32_MIN, shifts -31..31), so every branch of the vector requantisation runs. No float
/// reference: these are checked for C == C# and for the SIMD, AVX2-only and portable builds agreeing.
/// </summary>
internal static class HostSimdCases
{
    private static readonly int[] Widths = [1, 2, 3, 4, 5, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128, 160, 192, 256];

    public static readonly IReadOnlyDictionary<string, Func<IReadOnlyList<KernelCase>>> ByFamily = new Dictionary<string, Func<IReadOnlyList<KernelCase>>>
    {
        ["conv1d-zoo"] = () => Conv1d(4001, 240).ToList(),
        ["linear-zoo"] = () => Linear(4002, 80).ToList(),
        ["add-zoo"] = () => Add(4003, 120).ToList(),
        ["lut-zoo"] = () => Lut(4004, 60).ToList(),
        ["rvq-zoo"] = () => Rvq(4005, 60).ToList(),
    };

    public static IEnumerable<object[]> Families => ByFamily.Keys.Select(k => new object[] { k });

    public static IReadOnlyList<KernelCase> Of(string family) => ByFamily[family]();

    private static int Steps(CaseRandom r) => r.Chance(0.3) ? r.Int(1, 6) : r.Pick(7, 16, 33, 64, 100, 256, 257, 300);

    public static IEnumerable<KernelCase> Conv1d(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 7919 * n);
            string mode = r.Pick("pointwise", "depthwise", "stem", "dense");
            int cin, cout, k, stride = 1, dilation = 1, groups = 1, steps = Steps(r);
            switch (mode)
            {
                case "pointwise":
                    cin = r.Pick(Widths); cout = r.Chance(0.5) ? cin : r.Pick(Widths); k = 1;
                    if (r.Chance(0.15)) stride = r.Int(2, 4);
                    break;
                case "depthwise":
                    cin = cout = groups = r.Pick(Widths.Where(w => w > 1).ToArray());
                    k = r.Chance(0.8) ? r.Pick(3, 7, 8) : r.Int(1, 17);
                    if (r.Chance(0.4)) stride = r.Pick(2, 4); else dilation = r.Pick(1, 3, 9);
                    break;
                case "stem":
                    cin = r.Int(1, 3); cout = r.Pick(Widths); k = r.Int(2, 9);
                    if (r.Chance(0.2)) stride = 2;
                    break;
                default:
                    cin = r.Pick(Widths); cout = r.Pick(Widths); k = r.Int(2, 4); dilation = r.Chance(0.8) ? 1 : 2;
                    break;
            }
            while ((long)cin * cout * k * steps / groups > 1_500_000) steps = Math.Max(1, steps / 2);
            int span = (k - 1) * dilation + 1, length = span + (steps - 1) * stride + r.Int(0, stride - 1);
            var q = ConvCases.Adversarial(r, cout);
            var p = new Conv1dParams(cin, cout, k, stride, dilation, groups, q.InputOffset, q.OutputOffset, q.ActMin, q.ActMax);
            var x = r.S8(length * cin);
            var w = r.Weights(cout * (cin / groups) * k);
            yield return ConvCases.Conv1dKernelCase($"conv1d-zoo#{n} {mode} cin={cin} cout={cout} k={k} s={stride} d={dilation} g={groups} L={length}",
                p, x, length, w, q);
        }
    }

    public static IEnumerable<KernelCase> Linear(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 3011 * n);
            int rows = r.Int(1, 9), inF = r.Chance(0.7) ? r.Pick(Widths) : r.Int(1, 300), outF = r.Pick(Widths);
            var q = ConvCases.Adversarial(r, outF);
            var p = new LinearParams(inF, outF, q.InputOffset, q.OutputOffset, q.ActMin, q.ActMax);
            var x = r.S8(rows * inF);
            var w = r.Weights(outF * inF);
            yield return ConvCases.LinearKernelCase($"linear-zoo#{n} rows={rows} in={inF} out={outF}", p, x, rows, w, q);
        }
    }

    /// <summary>Long and short adds: realistic (PrepareAdd) and adversarial parameters, left shifts 0..22 (the C# contract).</summary>
    public static IEnumerable<KernelCase> Add(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 5003 * n);
            int size = r.Chance(0.3) ? r.Int(1, 40) : r.Pick(255, 256, 512, 1000, 1024, 2047, 2048, 2560, 4096);
            var a = r.S8(size);
            var b = r.S8(size);
            AddParams p;
            if (n % 3 == 0)
            {
                var qa = r.Activation();
                p = QuantizationParameters.PrepareAdd(qa, r.Chance(0.3) ? qa : r.Activation(), r.Activation(), -128, 127);
            }
            else
            {
                int lo = r.Int(-128, 127);
                p = new AddParams(r.Int(-127, 128), r.Int(-127, 128), r.Chance(0.6) ? 20 : r.Int(0, 22),
                    r.AdversarialMultiplier(), r.Chance(0.7) ? r.Int(-31, 0) : r.AdversarialShift(),
                    r.AdversarialMultiplier(), r.Chance(0.7) ? r.Int(-31, 0) : r.AdversarialShift(),
                    r.AdversarialMultiplier(), r.AdversarialShift(), r.Int(-128, 127), lo, r.Int(lo, 127));
            }
            yield return ElementwiseCases.AddKernelCase($"add-zoo#{n} n={size} ls={p.LeftShift} s1={p.Input1Shift} s2={p.Input2Shift}", p, a, b);
        }
    }

    public static IEnumerable<KernelCase> Lut(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 1301 * n);
            int size = r.Chance(0.3) ? r.Int(1, 100) : r.Pick(255, 256, 1000, 2048, 4097);
            var x = r.S8(size);
            var lut = r.S8(256);
            yield return ElementwiseCases.LutKernelCase($"lut-zoo#{n} n={size}", x, lut);
        }
    }

    /// <summary>RVQ searches with the zoo's dimensions; some codewords repeated so that distances tie.</summary>
    public static IEnumerable<KernelCase> Rvq(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 1597 * n);
            int stages = r.Int(1, 6), dim = r.Pick(16, 32, 48, 64, 128, 256), size = r.Chance(0.3) ? r.Int(1, 20) : r.Pick(64, 255, 256);
            int frames = r.Int(1, 3), fracBits = r.Int(0, 7);
            var books = r.S8(stages * size * dim, -40, 40);
            for (int s = 0; s < stages; s++)
                for (int k = 1; k < size; k++)
                    if (r.Chance(0.1)) Array.Copy(books, (s * size + r.Int(0, k - 1)) * dim, books, (s * size + k) * dim, dim);
            var offsets = r.Ints(stages, -127, 128);
            var norms = new int[stages * size];
            for (int s = 0; s < stages; s++)
                for (int k = 0; k < size; k++)
                {
                    int norm = RvqCases.Norm(books, (s * size + k) * dim, dim, offsets[s]);
                    norms[s * size + k] = r.Chance(0.8) ? norm : r.Int(0, 255 * 255 * dim);
                }
            var multiplier = Enumerable.Range(0, stages).Select(_ => r.Int(1 << 30, int.MaxValue)).ToArray();
            var shift = Enumerable.Range(0, stages).Select(_ => r.Int(-12, 10)).ToArray();
            var p = new RvqParams(stages, size, dim, fracBits, r.Int(-127, 128));
            yield return RvqCases.Case($"rvq-zoo#{n} stages={stages} K={size} D={dim} F={fracBits} frames={frames}", p, r.S8(frames * dim), frames,
                books, offsets, norms, multiplier, shift, null);
        }
    }
}
