using System.Runtime.Intrinsics.X86;
using NeuralAudio.Runtime.Tests.Cases;
using NeuralAudio.Runtime.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NeuralAudio.Runtime.Tests;

/// <summary>
/// The host SIMD kernels (src/Runtime/c/na_simd_x86.c, taken at run time on x86 CPUs with AVX2) against the portable
/// C and the C# twin: the default build, the AVX2-only build and the portable-only build give the same bytes on every
/// case of every family, and the zoo-shaped cases equal C# (also under ASan + UBSan). On a CPU without AVX2 all three
/// builds run the portable code and the comparisons hold trivially.
/// </summary>
[Collection(CKernelsCollection.Name)]
public sealed class HostSimdTests(CKernelsFixture c, ITestOutputHelper log)
{
    public static IEnumerable<object[]> AllFamilies =>
        AllCases.ByFamily.Keys.Concat(HostSimdCases.ByFamily.Keys).Select(k => new object[] { k });

    private static IReadOnlyList<KernelCase> Of(string family) =>
        HostSimdCases.ByFamily.ContainsKey(family) ? HostSimdCases.Of(family) : AllCases.Of(family);

    [Theory]
    [MemberData(nameof(HostSimdCases.Families), MemberType = typeof(HostSimdCases))]
    public void CSharpTwinEqualsTheCKernelsOnZooShapedCases(string family)
    {
        var cases = HostSimdCases.Of(family);
        var fromC = c.Optimized.Run(cases.Select(k => k.Request).ToList());
        long outputs = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            byte[] fromCSharp = cases[i].RunCSharp();
            BitExactnessTests.AssertSameBytes(cases[i], fromC[i], fromCSharp);
            outputs += fromCSharp.Length;
        }
        log.WriteLine($"{family}: {cases.Count} cases, {outputs} output bytes identical (CPU: AVX2 {Avx2.IsSupported}, AVX-512 VBMI {Avx512Vbmi.IsSupported})");
    }

    [Theory]
    [MemberData(nameof(AllFamilies))]
    public void SimdAvx2OnlyAndPortableBuildsAgree(string family)
    {
        var cases = Of(family);
        var requests = cases.Select(k => k.Request).ToList();
        var simd = c.Optimized.Run(requests);
        var avx2 = c.Avx2Only.Run(requests);
        var portable = c.Portable.Run(requests);
        for (int i = 0; i < cases.Count; i++)
        {
            BitExactnessTests.AssertSameBytes(cases[i], portable[i], simd[i]);
            BitExactnessTests.AssertSameBytes(cases[i], portable[i], avx2[i]);
        }
        log.WriteLine($"{family}: {cases.Count} cases, portable = AVX2 = default build");
    }

    /// <summary>
    /// The vector MultiplyByQuantizedMultiplier (8 lanes, two vpmuldq, per-lane shifts) on every edge combination and
    /// 20,000 random triples of the "quant" family, directly (an int8 output would hide most intermediate errors).
    /// </summary>
    [Fact]
    public void VectorRequantisationEqualsCSharpOnEveryEdgeValue()
    {
        var mbqm = AllCases.Of("quant").Single(k => k.Request.Kernel == KernelId.MultiplyByQuantizedMultiplier);
        var request = mbqm.Request.As(KernelId.MultiplyByQuantizedMultiplierVector);
        byte[] expected = mbqm.RunCSharp();
        foreach (var driver in new[] { c.Optimized, c.Avx2Only, c.Sanitized })
            BitExactnessTests.AssertSameBytes(mbqm, driver.Run([request])[0], expected);
        log.WriteLine($"{expected.Length / 4} vector MBQMs equal the C# twin (AVX2 {Avx2.IsSupported})");
    }

    /// <summary>
    /// The add's input rescale on the 16-bit split multiplier, MBQM((x + offset) &lt;&lt; ls, m, s) for 15 &lt;= ls &lt;= 23
    /// and s &lt;= 0, for all 256 inputs under 600 parameter sets (any multiplier, including negative and INT32_MIN).
    /// </summary>
    [Fact]
    public void AddInputRescaleEqualsCSharpForEveryInput()
    {
        var x = AllInt8();
        var requests = new List<KernelRequest>();
        var expected = new List<int[]>();
        foreach (var (offset, m, s, ls) in AddRescaleSets(4242, maxLeftShift: 23))
        {
            requests.Add(new KernelRequest(KernelId.AddInputRescaleVector).Params(offset, m, s, ls).S8(x));
            expected.Add(ScalarRescale(x, offset, m, s, ls));
        }
        var fromC = c.Optimized.Run(requests);
        for (int i = 0; i < requests.Count; i++)
        {
            var got = Enumerable.Range(0, 256).Select(j => BitConverter.ToInt32(fromC[i], 4 * j)).ToArray();
            Assert.Equal(expected[i], got);
        }
        log.WriteLine($"{requests.Count} x 256 add input rescales equal the C# twin (AVX2 {Avx2.IsSupported})");
    }

    /// <summary>The C# twin's vector requantisation (HostSimd, used where the CPU has AVX2) on the same edge sets.</summary>
    [Fact]
    public void CSharpVectorRequantisationEqualsTheScalarOnEveryEdgeValue()
    {
        if (!HostSimd.IsSupported)
        {
            log.WriteLine("no AVX2 on this CPU: the C# kernels run their scalar loops");
            return;
        }
        var mbqm = AllCases.Of("quant").Single(k => k.Request.Kernel == KernelId.MultiplyByQuantizedMultiplier);
        var (x, m, s) = MbqmInputs(mbqm.Request);
        var vector = new int[x.Length];
        HostSimd.MbqmForTests(x, m, s, vector);
        Assert.Equal(x.Select((v, i) => QuantMath.MultiplyByQuantizedMultiplier(v, m[i], s[i])), vector);

        var inputs = AllInt8();
        var rescaled = new int[256];
        foreach (var (offset, mult, shift, ls) in AddRescaleSets(4243, maxLeftShift: 22)) // the C# kernels take left shifts up to 22
        {
            HostSimd.AddInputRescaleForTests(inputs, offset, mult, shift, ls, rescaled);
            Assert.Equal(ScalarRescale(inputs, offset, mult, shift, ls), rescaled);
        }
        log.WriteLine($"{x.Length} vector MBQMs and 600 x 256 add input rescales equal the scalar C#");
    }

    private static sbyte[] AllInt8() => Enumerable.Range(-128, 256).Select(v => (sbyte)v).ToArray();

    /// <summary>600 add input-rescale parameter sets: any offset and multiplier (INT32_MIN too), shift &lt;= 0, left shift 15 and up.</summary>
    private static IEnumerable<(int Offset, int Multiplier, int Shift, int LeftShift)> AddRescaleSets(int seed, int maxLeftShift)
    {
        var r = new CaseRandom(seed);
        for (int n = 0; n < 600; n++) yield return (r.Int(-127, 128), r.AdversarialMultiplier(), r.Int(-31, 0), r.Int(15, maxLeftShift));
    }

    private static int[] ScalarRescale(sbyte[] x, int offset, int multiplier, int shift, int leftShift) =>
        x.Select(v => QuantMath.MultiplyByQuantizedMultiplier((v + offset) << leftShift, multiplier, shift)).ToArray();

    private static (int[] X, int[] M, int[] S) MbqmInputs(KernelRequest request)
    {
        var b = request.Int32Buffers();
        return (b[0], b[1], b[2]);
    }

    [Fact]
    public void ZooShapedCasesRunCleanUnderAddressAndUndefinedBehaviourSanitizers()
    {
        int total = 0;
        foreach (string family in HostSimdCases.ByFamily.Keys)
        {
            var cases = HostSimdCases.Of(family);
            var fromC = c.Sanitized.Run(cases.Select(k => k.Request).ToList());
            for (int i = 0; i < cases.Count; i++) BitExactnessTests.AssertSameBytes(cases[i], fromC[i], cases[i].RunCSharp());
            total += cases.Count;
        }
        log.WriteLine($"{total} zoo-shaped kernel calls clean under ASan + UBSan and equal to C#");
    }
}
