using NeuralAudio.Runtime.Tests.Infrastructure;

namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>
/// Seeded random conv1d, conv2d, transposed conv1d and linear calls. Even cases are "calibrated": the output
/// quantisation is fitted to the float result and the multipliers come from QuantizationParameters, so the int8
/// result can be checked against the float computation. Odd cases are "adversarial": arbitrary multipliers,
/// shifts, offsets and clamps, checked for C == C# only.
/// </summary>
internal static class ConvCases
{
    /// <summary>Weights, bias and requantisation of one layer, plus the float reference when calibrated.</summary>
    internal sealed record Requant(int[] Bias, int[] Multiplier, int[] Shift, int InputOffset, int OutputOffset, int ActMin, int ActMax, int[]? Expected);

    private static Requant Calibrate(CaseRandom r, double[] yKernelLayout, ActivationQuantization input, float[] wScales, int[] bias)
    {
        var output = FloatOps.FitOutput(yKernelLayout);
        var (actMin, actMax) = r.ActRange(output);
        var m = new int[wScales.Length];
        var s = new int[wScales.Length];
        QuantizationParameters.PerChannelMultipliers(input.Scale, wScales, output.Scale, m, s);
        return new Requant(bias, m, s, input.InputOffset, output.ZeroPoint, actMin, actMax, FloatOps.Quantize(yKernelLayout, output, actMin, actMax));
    }

    internal static Requant Adversarial(CaseRandom r, int channels)
    {
        int lo = r.Int(-128, 127);
        return new Requant(
            r.Chance(0.2) ? [] : r.Ints(channels, -100_000, 100_000),
            r.AdversarialMultipliers(channels), r.AdversarialShifts(channels),
            r.Int(-127, 128), r.Int(-128, 127), lo, r.Int(lo, 127), null);
    }

    private static double[] FloatBias(int[] bias, float inScale, float[] wScales) =>
        bias.Length == 0 ? new double[wScales.Length] : FloatOps.DequantizeBias(bias, inScale, wScales);

    public static IEnumerable<KernelCase> Conv1d(int seed, int count)
    {
        for (int n = 0; n < count; n++) yield return Conv1dCase(new CaseRandom(seed + 7919 * n), n, calibrated: n % 2 == 0);
    }

    private static KernelCase Conv1dCase(CaseRandom r, int n, bool calibrated)
    {
        string mode = r.Pick("dense", "grouped", "depthwise", "pointwise");
        int cin, cout, groups, k;
        switch (mode)
        {
            case "dense": cin = r.Int(1, 13); cout = r.Int(1, 13); groups = 1; k = r.Int(1, 7); break;
            case "grouped": groups = r.Int(2, 4); cin = groups * r.Int(1, 4); cout = groups * r.Int(1, 4); k = r.Int(1, 7); break;
            case "depthwise": cin = r.Int(2, 17); groups = cin; cout = cin * r.Int(1, 3); k = r.Int(1, 9); break;
            default: cin = r.Int(1, 40); cout = r.Int(1, 24); groups = 1; k = 1; break;
        }
        int stride = r.Int(1, 4), dilation = k == 1 ? 1 : r.Int(1, 4), span = (k - 1) * dilation + 1;
        int length = n % 41 == 5 ? r.Int(0, span - 1) : span + (r.Int(1, 12) - 1) * stride + r.Int(0, stride - 1);
        int ipg = cin / groups;

        var input = r.Activation();
        var x = r.S8(cin * length);                    // (C, L)
        var w = r.Weights(cout * ipg * k);             // (O, I/g, K)
        var wScales = r.Scales(cout, 0.002, 0.05);
        var bias = r.Chance(0.15) ? [] : r.Ints(cout, -3000, 3000);
        Requant q;
        if (calibrated)
        {
            var y = FloatOps.Conv1d(FloatOps.Dequantize(x, input), cin, length, FloatOps.DequantizeWeights(w, wScales),
                FloatBias(bias, input.Scale, wScales), cout, k, stride, dilation, groups, out int yLength);
            q = Calibrate(r, Layout.ChannelsLast1d(y, cout, yLength), input, wScales, bias);
        }
        else q = Adversarial(r, cout);

        var p = new Conv1dParams(cin, cout, k, stride, dilation, groups, q.InputOffset, q.OutputOffset, q.ActMin, q.ActMax);
        return Conv1dKernelCase($"conv1d#{n} {mode} cin={cin} cout={cout} k={k} s={stride} d={dilation} g={groups} L={length} {(calibrated ? "calibrated" : "adversarial")}",
            p, Layout.ChannelsLast1d(x, cin, length), length, Layout.Conv1dFilter(w, cout, ipg, k), q);
    }

    /// <summary>One conv1d call: channels-last input and kernel-layout filter, the requantisation <paramref name="q"/>.</summary>
    internal static KernelCase Conv1dKernelCase(string name, Conv1dParams p, sbyte[] xs, int length, sbyte[] ws, Requant q)
    {
        int outCount = p.OutputLength(length) * p.OutChannels;
        return new KernelCase
        {
            Name = name,
            Request = new KernelRequest(KernelId.Conv1d)
                .Params(p.InChannels, p.OutChannels, p.Kernel, p.Stride, p.Dilation, p.Groups, p.InputOffset, p.OutputOffset, p.ActMin, p.ActMax, length)
                .S8(xs).S8(ws).S32(q.Bias).S32(q.Multiplier).S32(q.Shift),
            RunCSharp = () =>
            {
                var o = new sbyte[outCount];
                Conv1dKernel.Run(p, xs, length, ws, q.Bias, q.Multiplier, q.Shift, o);
                return KernelCase.Bytes(o);
            },
            RunCSharpGeneric = () =>
            {
                var o = new sbyte[outCount];
                Conv1dKernel.RunGeneric(p, xs, length, ws, q.Bias, q.Multiplier, q.Shift, o);
                return KernelCase.Bytes(o);
            },
            FloatExpected = q.Expected,
        };
    }

    public static IEnumerable<KernelCase> Conv2d(int seed, int count)
    {
        for (int n = 0; n < count; n++) yield return Conv2dCase(new CaseRandom(seed + 6007 * n), n, calibrated: n % 2 == 0);
    }

    private static KernelCase Conv2dCase(CaseRandom r, int n, bool calibrated)
    {
        string mode = r.Pick("3x3-same", "1xk-valid", "general");
        int cin, cout, groups, h, wd, kh, kw, sh = 1, sw = 1, dh = 1, dw = 1, pt = 0, pl = 0, pb = 0, pr = 0;
        while (true)
        {
            cin = r.Int(1, 12); cout = r.Int(1, 12); groups = 1; h = r.Int(1, 9); wd = r.Int(1, 11);
            switch (mode)
            {
                case "3x3-same": kh = kw = 3; pt = pl = pb = pr = 1; sh = sw = 1; dh = dw = 1; break;
                case "1xk-valid": kh = 1; kw = r.Int(2, 9); pt = pl = pb = pr = 0; sh = 1; sw = r.Int(1, 3); dh = dw = 1; break;
                default:
                    kh = r.Int(1, 5); kw = r.Int(1, 5); sh = r.Int(1, 3); sw = r.Int(1, 3); dh = r.Int(1, 2); dw = r.Int(1, 2);
                    pt = r.Int(0, (kh - 1) * dh); pb = r.Int(0, (kh - 1) * dh); pl = r.Int(0, (kw - 1) * dw); pr = r.Int(0, (kw - 1) * dw);
                    if (r.Chance(0.4))
                    {
                        groups = r.Int(2, 3);
                        cin = groups * r.Int(1, 4);
                        cout = groups * r.Int(1, 4);
                    }
                    break;
            }
            if (Conv2dParams.OutputExtent(h, kh, sh, dh, pt, pb) > 0 && Conv2dParams.OutputExtent(wd, kw, sw, dw, pl, pr) > 0) break;
        }
        int oh = Conv2dParams.OutputExtent(h, kh, sh, dh, pt, pb), ow = Conv2dParams.OutputExtent(wd, kw, sw, dw, pl, pr);
        int ipg = cin / groups;

        var input = r.Activation();
        var x = r.S8(cin * h * wd);                    // (C, H, W)
        var w = r.Weights(cout * ipg * kh * kw);       // (O, I/g, KH, KW)
        var wScales = r.Scales(cout, 0.002, 0.05);
        var bias = r.Chance(0.15) ? [] : r.Ints(cout, -3000, 3000);
        Requant q;
        if (calibrated)
        {
            var y = FloatOps.Conv2d(FloatOps.Dequantize(x, input), cin, h, wd, FloatOps.DequantizeWeights(w, wScales),
                FloatBias(bias, input.Scale, wScales), cout, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, groups, out int yh, out int yw);
            if (yh != oh || yw != ow) throw new InvalidOperationException("output extent disagrees with the float reference");
            q = Calibrate(r, Layout.ChannelsLast2d(y, cout, oh, ow), input, wScales, bias);
        }
        else q = Adversarial(r, cout);

        var p = new Conv2dParams(cin, cout, h, wd, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, groups, q.InputOffset, q.OutputOffset, q.ActMin, q.ActMax);
        var xs = Layout.ChannelsLast2d(x, cin, h, wd);
        var ws = Layout.Conv2dFilter(w, cout, ipg, kh, kw);
        return new KernelCase
        {
            Name = $"conv2d#{n} {mode} cin={cin} cout={cout} in={h}x{wd} k={kh}x{kw} s={sh}x{sw} d={dh}x{dw} pad=({pt},{pl},{pb},{pr}) g={groups} {(calibrated ? "calibrated" : "adversarial")}",
            Request = new KernelRequest(KernelId.Conv2d)
                .Params(cin, cout, h, wd, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, groups, p.InputOffset, p.OutputOffset, p.ActMin, p.ActMax)
                .S8(xs).S8(ws).S32(q.Bias).S32(q.Multiplier).S32(q.Shift),
            RunCSharp = () =>
            {
                var o = new sbyte[oh * ow * cout];
                Conv2dKernel.Run(p, xs, ws, q.Bias, q.Multiplier, q.Shift, o);
                return KernelCase.Bytes(o);
            },
            FloatExpected = q.Expected,
        };
    }

    public static IEnumerable<KernelCase> ConvTranspose1d(int seed, int count)
    {
        for (int n = 0; n < count; n++) yield return ConvTransposeCase(new CaseRandom(seed + 4001 * n), n, calibrated: n % 2 == 0);
    }

    private static KernelCase ConvTransposeCase(CaseRandom r, int n, bool calibrated)
    {
        int cin = r.Int(1, 10), cout = r.Int(1, 10), k = r.Int(1, 9), stride = r.Int(1, 5), length = r.Int(1, 10);
        int full = (length - 1) * stride + k;
        string mode = r.Pick("uncropped", "causal", "symmetric", "random");
        int cl = 0, cr = 0;
        switch (mode)
        {
            case "causal": cr = Math.Max(0, k - stride); break;
            case "symmetric": cl = cr = r.Int(0, (full - 1) / 2); break;
            case "random": cl = r.Int(0, full - 1); cr = r.Int(0, full - cl - 1); break;
        }
        var input = r.Activation();
        var x = r.S8(cin * length);                    // (C, L)
        var w = r.Weights(cin * cout * k);             // (I, O, K)
        var wScales = r.Scales(cout, 0.002, 0.05);
        var bias = r.Chance(0.15) ? [] : r.Ints(cout, -3000, 3000);
        Requant q;
        if (calibrated)
        {
            // Per-output-channel scales on the (I, O, K) weight: channel o is the middle axis.
            var wReal = new double[w.Length];
            for (int i = 0; i < cin; i++)
                for (int o = 0; o < cout; o++)
                    for (int t = 0; t < k; t++) wReal[(i * cout + o) * k + t] = (double)wScales[o] * w[(i * cout + o) * k + t];
            var y = FloatOps.ConvTranspose1d(FloatOps.Dequantize(x, input), cin, length, wReal, FloatBias(bias, input.Scale, wScales),
                cout, k, stride, cl, cr, out int yLength);
            q = Calibrate(r, Layout.ChannelsLast1d(y, cout, yLength), input, wScales, bias);
        }
        else q = Adversarial(r, cout);

        var p = new ConvTranspose1dParams(cin, cout, k, stride, cl, cr, q.InputOffset, q.OutputOffset, q.ActMin, q.ActMax);
        var xs = Layout.ChannelsLast1d(x, cin, length);
        var ws = Layout.ConvTranspose1dFilter(w, cin, cout, k);
        int outCount = p.OutputLength(length) * cout;
        return new KernelCase
        {
            Name = $"convtranspose1d#{n} {mode} cin={cin} cout={cout} k={k} s={stride} L={length} crop=({cl},{cr}) {(calibrated ? "calibrated" : "adversarial")}",
            Request = new KernelRequest(KernelId.ConvTranspose1d)
                .Params(cin, cout, k, stride, cl, cr, p.InputOffset, p.OutputOffset, p.ActMin, p.ActMax, length)
                .S8(xs).S8(ws).S32(q.Bias).S32(q.Multiplier).S32(q.Shift),
            RunCSharp = () =>
            {
                var o = new sbyte[outCount];
                ConvTranspose1dKernel.Run(p, xs, length, ws, q.Bias, q.Multiplier, q.Shift, o);
                return KernelCase.Bytes(o);
            },
            FloatExpected = q.Expected,
        };
    }

    public static IEnumerable<KernelCase> Linear(int seed, int count)
    {
        for (int n = 0; n < count; n++) yield return LinearCase(new CaseRandom(seed + 3011 * n), n, calibrated: n % 2 == 0);
    }

    private static KernelCase LinearCase(CaseRandom r, int n, bool calibrated)
    {
        int rows = r.Int(1, 4), inF = r.Int(1, 70), outF = r.Int(1, 33);
        var input = r.Activation();
        var x = r.S8(rows * inF);
        var w = r.Weights(outF * inF);
        var wScales = r.Scales(outF, 0.002, 0.05);
        var bias = r.Chance(0.15) ? [] : r.Ints(outF, -3000, 3000);
        Requant q;
        if (calibrated)
        {
            var y = FloatOps.Linear(FloatOps.Dequantize(x, input), rows, inF, FloatOps.DequantizeWeights(w, wScales),
                FloatBias(bias, input.Scale, wScales), outF);
            q = Calibrate(r, y, input, wScales, bias);
        }
        else q = Adversarial(r, outF);
        var p = new LinearParams(inF, outF, q.InputOffset, q.OutputOffset, q.ActMin, q.ActMax);
        return LinearKernelCase($"linear#{n} rows={rows} in={inF} out={outF} {(calibrated ? "calibrated" : "adversarial")}", p, x, rows, w, q);
    }

    /// <summary>One linear call over <paramref name="rows"/> rows.</summary>
    internal static KernelCase LinearKernelCase(string name, LinearParams p, sbyte[] x, int rows, sbyte[] w, Requant q) => new()
    {
        Name = name,
        Request = new KernelRequest(KernelId.Linear)
            .Params(p.InFeatures, p.OutFeatures, p.InputOffset, p.OutputOffset, p.ActMin, p.ActMax, rows)
            .S8(x).S8(w).S32(q.Bias).S32(q.Multiplier).S32(q.Shift),
        RunCSharp = () =>
        {
            var o = new sbyte[rows * p.OutFeatures];
            LinearKernel.Run(p, x, rows, w, q.Bias, q.Multiplier, q.Shift, o);
            return KernelCase.Bytes(o);
        },
        FloatExpected = q.Expected,
    };
}
