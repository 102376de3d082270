using NeuralAudio.Runtime.Tests.Cases;
using Xunit.Abstractions;

namespace NeuralAudio.Runtime.Tests;

/// <summary>
/// The int8 result of each calibrated case is within one output step of the float computation of the same op
/// (PyTorch semantics, channels-first) on the dequantised inputs, quantised to the same grid. The C kernels equal
/// the C# twin (BitExactnessTests), so this proves the semantics of both.
/// </summary>
public sealed class FloatReferenceTests(ITestOutputHelper log)
{
    // conv1d-pcm's cases are adversarial only; PcmConvTests checks that kernel against exact sums.
    public static IEnumerable<object[]> Families => AllCases.ByFamily.Keys.Where(k => k is not ("quant" or "conv1d-pcm")).Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Families))]
    public void Int8ResultIsWithinOneStepOfTheFloatComputation(string family)
    {
        var cases = AllCases.Of(family).Where(k => k.FloatExpected != null).ToList();
        Assert.NotEmpty(cases);
        int worst = 0, offByOne = 0, values = 0;
        foreach (var k in cases)
        {
            int[] actual = k.Decode(k.RunCSharp());
            int[] expected = k.FloatExpected!;
            Assert.True(actual.Length == expected.Length, $"{k.Name}: {actual.Length} outputs, float reference has {expected.Length}");
            int tolerance = family == "rvq" ? 0 : 1;
            for (int i = 0; i < actual.Length; i++)
            {
                int error = Math.Abs(actual[i] - expected[i]);
                Assert.True(error <= tolerance, $"{k.Name}: output {i} is {actual[i]}, float gives {expected[i]}");
                worst = Math.Max(worst, error);
                if (error > 0) offByOne++;
            }
            values += actual.Length;
        }
        log.WriteLine($"{family}: {cases.Count} calibrated cases, {values} outputs, max error {worst} LSB, {offByOne} off by one");
    }
}
