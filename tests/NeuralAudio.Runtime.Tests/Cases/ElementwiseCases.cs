using NeuralAudio.Runtime.Tests.Infrastructure;

namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>Seeded random pooling, add, clamp, lookup-table and softmax calls (calibrated and adversarial).</summary>
internal static class ElementwiseCases
{
    public static IEnumerable<KernelCase> Pool1d(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 2003 * n);
            bool isMax = n % 2 == 0;
            int c = r.Int(1, 16), k = r.Int(1, 6), stride = r.Chance(0.8) ? k : r.Int(1, 6);
            int length = r.Int(k, 40);
            var quant = r.Activation();
            var (actMin, actMax) = r.Chance(0.7) ? ActivationQuantization.FullRange : r.ActRange(quant);
            var x = r.S8(length * c);
            var p = new Pool1dParams(c, k, stride, actMin, actMax);
            int outLength = p.OutputLength(length);
            var expected = new double[outLength * c];
            for (int t = 0; t < outLength; t++)
                for (int ch = 0; ch < c; ch++)
                {
                    var window = Enumerable.Range(0, k).Select(j => quant.Dequantize(x[(t * stride + j) * c + ch])).ToArray();
                    expected[t * c + ch] = isMax ? window.Max() : window.Average();
                }
            yield return new KernelCase
            {
                Name = $"{(isMax ? "maxpool1d" : "avgpool1d")}#{n} c={c} k={k} s={stride} L={length}",
                Request = new KernelRequest(isMax ? KernelId.MaxPool1d : KernelId.AvgPool1d).Params(c, k, stride, actMin, actMax, length).S8(x),
                RunCSharp = () =>
                {
                    var o = new sbyte[outLength * c];
                    if (isMax) PoolKernel.MaxPool1d(p, x, length, o);
                    else PoolKernel.AvgPool1d(p, x, length, o);
                    return KernelCase.Bytes(o);
                },
                FloatExpected = FloatOps.Quantize(expected, quant, actMin, actMax),
            };
        }
    }

    public static IEnumerable<KernelCase> Pool2d(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 1009 * n);
            bool isMax = n % 2 == 0;
            int c = r.Int(1, 8), h = r.Int(1, 12), w = r.Int(1, 12);
            bool global = r.Chance(0.15);
            int kh = global ? h : r.Int(1, Math.Min(h, 4)), kw = global ? w : r.Int(1, Math.Min(w, 4));
            int sh = r.Chance(0.8) ? kh : r.Int(1, 4), sw = r.Chance(0.8) ? kw : r.Int(1, 4);
            var quant = r.Activation();
            var (actMin, actMax) = r.Chance(0.7) ? ActivationQuantization.FullRange : r.ActRange(quant);
            var x = r.S8(h * w * c);
            var p = new Pool2dParams(c, h, w, kh, kw, sh, sw, actMin, actMax);
            int oh = p.OutHeight, ow = p.OutWidth;
            var expected = new double[oh * ow * c];
            for (int y = 0; y < oh; y++)
                for (int z = 0; z < ow; z++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        var window = new List<double>();
                        for (int i = 0; i < kh; i++)
                            for (int j = 0; j < kw; j++) window.Add(quant.Dequantize(x[((y * sh + i) * w + z * sw + j) * c + ch]));
                        expected[(y * ow + z) * c + ch] = isMax ? window.Max() : window.Average();
                    }
            yield return new KernelCase
            {
                Name = $"{(isMax ? "maxpool2d" : "avgpool2d")}#{n} c={c} in={h}x{w} k={kh}x{kw} s={sh}x{sw}{(global ? " global" : "")}",
                Request = new KernelRequest(isMax ? KernelId.MaxPool2d : KernelId.AvgPool2d).Params(c, h, w, kh, kw, sh, sw, actMin, actMax).S8(x),
                RunCSharp = () =>
                {
                    var o = new sbyte[oh * ow * c];
                    if (isMax) PoolKernel.MaxPool2d(p, x, o);
                    else PoolKernel.AvgPool2d(p, x, o);
                    return KernelCase.Bytes(o);
                },
                FloatExpected = FloatOps.Quantize(expected, quant, actMin, actMax),
            };
        }
    }

    public static IEnumerable<KernelCase> Add(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 5003 * n);
            bool calibrated = n % 2 == 0;
            int size = r.Int(1, 300);
            var a = r.S8(size);
            var b = r.S8(size);
            AddParams p;
            int[]? expected = null;
            if (calibrated)
            {
                var qa = r.Activation();
                var qb = r.Chance(0.3) ? qa : r.Activation();
                var y = a.Select((v, i) => qa.Dequantize(v) + qb.Dequantize(b[i])).ToArray();
                var qo = FloatOps.FitOutput(y);
                var (actMin, actMax) = r.ActRange(qo);
                p = QuantizationParameters.PrepareAdd(qa, qb, qo, actMin, actMax);
                expected = FloatOps.Quantize(y, qo, actMin, actMax);
            }
            else
            {
                int lo = r.Int(-128, 127);
                p = new AddParams(r.Int(-127, 128), r.Int(-127, 128), 20,
                    r.Int(1 << 30, int.MaxValue), r.Int(-31, 0), r.Int(1 << 30, int.MaxValue), r.Int(-31, 0),
                    r.AdversarialMultiplier(), r.AdversarialShift(), r.Int(-128, 127), lo, r.Int(lo, 127));
            }
            yield return AddKernelCase($"add#{n} n={size} {(calibrated ? "calibrated" : "adversarial")}", p, a, b, expected);
        }
    }

    public static IEnumerable<KernelCase> Clamp(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 811 * n);
            int size = r.Int(1, 200);
            var x = r.S8(size);
            int lo = r.Int(-128, 127), hi = r.Int(lo, 127);
            yield return new KernelCase
            {
                Name = $"clamp#{n} n={size} [{lo},{hi}]",
                Request = new KernelRequest(KernelId.Clamp).Params(lo, hi).S8(x),
                RunCSharp = () =>
                {
                    var o = new sbyte[size];
                    ActivationKernel.Clamp(x, o, lo, hi);
                    return KernelCase.Bytes(o);
                },
                FloatExpected = x.Select(v => Math.Clamp((int)v, lo, hi)).ToArray(),
            };
        }
    }

    /// <summary>ELU tables from random quantisations (float-checked) and arbitrary tables (C == C# only).</summary>
    public static IEnumerable<KernelCase> Lut(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 1301 * n);
            bool elu = n % 2 == 0;
            int size = r.Int(1, 300);
            var x = r.S8(size);
            sbyte[] lut;
            int[]? expected = null;
            string name;
            if (elu)
            {
                var qi = r.Activation();
                double alpha = r.Chance(0.5) ? 1.0 : r.Uniform(0.3, 2.0);
                var qo = QuantizationParameters.ChooseActivationQuantization(
                    (float)FloatOps.Elu(qi.Dequantize(-128), alpha), (float)FloatOps.Elu(qi.Dequantize(127), alpha));
                lut = LookupTables.Elu(qi.Scale, qi.ZeroPoint, qo.Scale, qo.ZeroPoint, alpha);
                expected = FloatOps.Quantize(x.Select(v => FloatOps.Elu(qi.Dequantize(v), alpha)), qo, -128, 127);
                name = $"lut#{n} elu alpha={alpha:F2} n={size}";
            }
            else
            {
                lut = r.S8(256);
                name = $"lut#{n} arbitrary n={size}";
            }
            yield return LutKernelCase(name, x, lut, expected);
        }
    }

    public static IEnumerable<KernelCase> Softmax(int seed, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var r = new CaseRandom(seed + 907 * n);
            bool calibrated = n % 2 == 0;
            int rows = r.Int(1, 3), classes = r.Int(1, 60);
            var x = r.S8(rows * classes);
            int[] lut;
            int[]? expected = null;
            if (calibrated)
            {
                var qi = new ActivationQuantization(r.LogUniform(0.01, 0.3), r.Int(-40, 40));
                double beta = r.Chance(0.5) ? 1.0 : r.Uniform(0.5, 2.0);
                lut = LookupTables.SoftmaxExp(qi.Scale, beta);
                var qo = new ActivationQuantization(SoftmaxKernel.OutputScale, SoftmaxKernel.OutputZeroPoint);
                var probs = new List<double>();
                for (int row = 0; row < rows; row++)
                    probs.AddRange(FloatOps.Softmax(x.Skip(row * classes).Take(classes).Select(v => beta * qi.Dequantize(v)).ToArray()));
                expected = FloatOps.Quantize(probs, qo, -128, 127);
            }
            else
            {
                lut = r.Ints(256, 0, int.MaxValue);
                lut[0] = r.Int(1, int.MaxValue);
            }
            yield return new KernelCase
            {
                Name = $"softmax#{n} rows={rows} classes={classes} {(calibrated ? "calibrated" : "arbitrary table")}",
                Request = new KernelRequest(KernelId.Softmax).Params(classes, rows).S8(x).S32(lut),
                RunCSharp = () =>
                {
                    var o = new sbyte[rows * classes];
                    SoftmaxKernel.Run(new SoftmaxParams(classes), x, rows, lut, o);
                    return KernelCase.Bytes(o);
                },
                FloatExpected = expected,
            };
        }
    }

    /// <summary>One add of two equal-length int8 vectors.</summary>
    internal static KernelCase AddKernelCase(string name, AddParams p, sbyte[] a, sbyte[] b, int[]? expected = null) => new()
    {
        Name = name,
        Request = new KernelRequest(KernelId.Add)
            .Params(p.Input1Offset, p.Input2Offset, p.LeftShift, p.Input1Multiplier, p.Input1Shift, p.Input2Multiplier,
                p.Input2Shift, p.OutputMultiplier, p.OutputShift, p.OutputOffset, p.ActMin, p.ActMax)
            .S8(a).S8(b),
        RunCSharp = () =>
        {
            var o = new sbyte[a.Length];
            AddKernel.Run(p, a, b, o);
            return KernelCase.Bytes(o);
        },
        FloatExpected = expected,
    };

    /// <summary>One 256-entry table look-up over <paramref name="x"/>.</summary>
    internal static KernelCase LutKernelCase(string name, sbyte[] x, sbyte[] lut, int[]? expected = null) => new()
    {
        Name = name,
        Request = new KernelRequest(KernelId.Lut).S8(x).S8(lut),
        RunCSharp = () =>
        {
            var o = new sbyte[x.Length];
            ActivationKernel.Lut(x, o, lut);
            return KernelCase.Bytes(o);
        },
        FloatExpected = expected,
    };
}
