using NeuralAudio.Runtime.Tests.Cases;
using NeuralAudio.Runtime.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NeuralAudio.Runtime.Tests;

/// <summary>The C kernels (gcc -O2) and the C# twin produce the same bytes on every seeded case.</summary>
[Collection(CKernelsCollection.Name)]
public sealed class BitExactnessTests(CKernelsFixture c, ITestOutputHelper log)
{
    [Theory]
    [MemberData(nameof(AllCases.Families), MemberType = typeof(AllCases))]
    public void CSharpTwinEqualsTheCKernelsByteForByte(string family)
    {
        var cases = AllCases.Of(family);
        var fromC = c.Optimized.Run(cases.Select(k => k.Request).ToList());
        long outputs = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            byte[] fromCSharp = cases[i].RunCSharp();
            AssertSameBytes(cases[i], fromC[i], fromCSharp);
            outputs += fromCSharp.Length;
        }
        log.WriteLine($"{family}: {cases.Count} cases, {outputs} output bytes identical");
    }

    [Fact]
    public void Conv1dFastPathsEqualTheGenericLoopInCAndCSharp()
    {
        var cases = AllCases.Of("conv1d");
        var generic = c.Optimized.Run(cases.Select(k => k.Request.As(KernelId.Conv1dGeneric)).ToList());
        var dispatched = c.Optimized.Run(cases.Select(k => k.Request).ToList());
        int fast = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            AssertSameBytes(cases[i], generic[i], dispatched[i]);
            AssertSameBytes(cases[i], generic[i], cases[i].RunCSharpGeneric!());
            if (cases[i].Name.Contains("pointwise") || cases[i].Name.Contains("depthwise")) fast++;
        }
        Assert.True(fast > cases.Count / 3, $"only {fast} cases took a fast path");
        log.WriteLine($"{fast} of {cases.Count} conv1d cases ran a fast path, all equal to the generic loop");
    }

    internal static void AssertSameBytes(KernelCase k, byte[] expected, byte[] actual)
    {
        Assert.True(expected.Length == actual.Length, $"{k.Name}: {expected.Length} bytes from C, {actual.Length} from C#");
        int first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(first == expected.Length, first == expected.Length ? "" :
            $"{k.Name}: first difference at byte {first}: C {expected[first]}, C# {actual[first]}");
    }
}
