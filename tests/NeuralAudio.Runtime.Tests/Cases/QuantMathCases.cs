using NeuralAudio.Runtime.Tests.Infrastructure;

namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>Large batches of requantisation-helper inputs: random int32s and every edge value combination.</summary>
internal static class QuantMathCases
{
    private static readonly int[] Edges = [int.MinValue, int.MinValue + 1, -(1 << 30), -65536, -3, -2, -1, 0, 1, 2, 3, 65536, 1 << 30, int.MaxValue - 1, int.MaxValue];

    public static IEnumerable<KernelCase> Generate(int seed, int count)
    {
        var r = new CaseRandom(seed);
        int AnyInt() => r.Pick(0, 1, 2) switch
        {
            0 => r.Int(int.MinValue, int.MaxValue),
            1 => r.Int(-100_000, 100_000),
            _ => r.Pick(Edges),
        };

        var a = new List<int>();
        var b = new List<int>();
        foreach (int x in Edges)
            foreach (int y in Edges) { a.Add(x); b.Add(y); }
        for (int i = 0; i < count; i++) { a.Add(AnyInt()); b.Add(AnyInt()); }
        int[] sa = [.. a], sb = [.. b];
        yield return new KernelCase
        {
            Name = $"saturating_rounding_doubling_high_mul x{sa.Length}",
            Request = new KernelRequest(KernelId.SaturatingRoundingDoublingHighMul).S32(sa).S32(sb),
            RunCSharp = () => KernelCase.Bytes(sa.Select((v, i) => QuantMath.SaturatingRoundingDoublingHighMul(v, sb[i])).ToArray()),
            Output = OutputElement.S32,
        };

        var x2 = new List<int>();
        var e2 = new List<int>();
        foreach (int x in Edges)
            for (int e = 0; e <= 31; e++) { x2.Add(x); e2.Add(e); }
        for (int i = 0; i < count; i++) { x2.Add(AnyInt()); e2.Add(r.Int(0, 31)); }
        int[] rx = [.. x2], re = [.. e2];
        yield return new KernelCase
        {
            Name = $"rounding_divide_by_pot x{rx.Length}",
            Request = new KernelRequest(KernelId.RoundingDivideByPot).S32(rx).S32(re),
            RunCSharp = () => KernelCase.Bytes(rx.Select((v, i) => QuantMath.RoundingDivideByPot(v, re[i])).ToArray()),
            Output = OutputElement.S32,
        };

        var mx = new List<int>();
        var mm = new List<int>();
        var ms = new List<int>();
        foreach (int x in Edges)
            foreach (int m in Edges)
                foreach (int s in new[] { -31, -16, -1, 0, 1, 5, 31 }) { mx.Add(x); mm.Add(m); ms.Add(s); }
        for (int i = 0; i < count; i++) { mx.Add(AnyInt()); mm.Add(r.AdversarialMultiplier()); ms.Add(r.Int(-31, 31)); }
        int[] qx = [.. mx], qm = [.. mm], qs = [.. ms];
        yield return new KernelCase
        {
            Name = $"multiply_by_quantized_multiplier x{qx.Length}",
            Request = new KernelRequest(KernelId.MultiplyByQuantizedMultiplier).S32(qx).S32(qm).S32(qs),
            RunCSharp = () => KernelCase.Bytes(qx.Select((v, i) => QuantMath.MultiplyByQuantizedMultiplier(v, qm[i], qs[i])).ToArray()),
            Output = OutputElement.S32,
        };
    }
}
