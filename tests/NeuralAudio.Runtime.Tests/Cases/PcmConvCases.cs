using NeuralAudio.Runtime.Tests.Infrastructure;

namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>
/// Seeded cases of the first conv reading int16 PCM (<c>na_conv1d_pcm_s16</c> / <see cref="Conv1dPcmKernel"/>): the
/// dense loop (groups 1, fan-in up to 16, taken by every encoder stem) and the general one (groups, wider fan-in up
/// to the 516 limit), with full-scale PCM and adversarial requantisation.
/// </summary>
internal static class PcmConvCases
{
    public static IEnumerable<KernelCase> Generate(int seed, int count)
    {
        for (int n = 0; n < count; n++) yield return Case(new CaseRandom(seed + 7919 * n), n);
    }

    private static KernelCase Case(CaseRandom r, int n)
    {
        string mode = r.Pick("stem", "dense", "grouped", "wide");
        int cin, cout, groups, k;
        switch (mode)
        {
            case "stem": cin = 1; cout = r.Int(1, 70); groups = 1; k = r.Int(1, 16); break;
            case "dense": cin = r.Int(1, 4); cout = r.Int(1, 40); groups = 1; k = r.Int(1, 16 / cin); break;
            case "grouped": groups = r.Int(2, 4); cin = groups * r.Int(1, 3); cout = groups * r.Int(1, 4); k = r.Int(1, 9); break;
            default: cin = r.Int(1, 4); cout = r.Int(1, 8); groups = 1; k = r.Int(17 / cin + 1, QuantizationParameters.MaxPcmFanIn / cin); break;
        }
        int stride = r.Int(1, 4), dilation = k == 1 ? 1 : r.Int(1, 3), span = (k - 1) * dilation + 1;
        // A quarter of the cases run a zoo-sized hop or more (256-300 outputs), so the 8-step SIMD loops run many times.
        int steps = r.Chance(0.25) ? r.Int(256, 300) : r.Int(1, 10);
        int length = span + (steps - 1) * stride + r.Int(0, stride - 1);
        // Full-scale PCM, extremes included.
        var x = Enumerable.Range(0, cin * length).Select(_ => (short)(r.Chance(0.05) ? r.Pick(short.MinValue, short.MaxValue) : r.Int(short.MinValue, short.MaxValue))).ToArray();
        var w = r.Weights(cout * (cin / groups) * k);
        var bias = r.Chance(0.15) ? [] : r.Ints(cout, -1_000_000, 1_000_000);
        var q = ConvCases.Adversarial(r, cout);
        var p = new Conv1dParams(cin, cout, k, stride, dilation, groups, 0, q.OutputOffset, q.ActMin, q.ActMax);
        int outCount = p.OutputLength(length) * cout;
        return new KernelCase
        {
            Name = $"conv1d-pcm#{n} {mode} cin={cin} cout={cout} k={k} s={stride} d={dilation} g={groups} L={length}",
            Request = new KernelRequest(KernelId.Conv1dPcm)
                .Params(cin, cout, k, stride, dilation, groups, 0, p.OutputOffset, p.ActMin, p.ActMax, length)
                .S16(x).S8(w).S32(bias).S32(q.Multiplier).S32(q.Shift),
            RunCSharp = () =>
            {
                var o = new sbyte[outCount];
                Conv1dPcmKernel.Run(p, x, length, w, bias, q.Multiplier, q.Shift, o);
                return KernelCase.Bytes(o);
            },
        };
    }
}
