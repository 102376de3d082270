using NeuralAudio.Runtime;

namespace NeuralAudio.Runtime.Tests;

/// <summary>
/// The first conv of an encoder reads int16 PCM (<see cref="Conv1dPcmKernel"/>). Its C twin is compared bit for bit
/// through every generated encoder (Int8 and Host tests); here its arithmetic is checked against exact sums.
/// </summary>
public class PcmConvTests
{
    [Fact]
    public void Output_IsTheRequantisedExactSum_ForStridedDilatedGroupedConvs()
    {
        var random = new Random(5);
        foreach (var (inCh, outCh, k, stride, dilation, groups) in new[] { (1, 8, 7, 1, 1, 1), (2, 4, 5, 2, 3, 2), (1, 3, 4, 4, 1, 1) })
        {
            var p = new Conv1dParams(inCh, outCh, k, stride, dilation, groups, InputOffset: 0, OutputOffset: -3, ActMin: -128, ActMax: 127);
            int length = 40, inPerGroup = inCh / groups, outLength = p.OutputLength(length);
            var input = Enumerable.Range(0, length * inCh).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray();
            var filter = Enumerable.Range(0, outCh * k * inPerGroup).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var bias = Enumerable.Range(0, outCh).Select(_ => random.Next(-1_000_000, 1_000_000)).ToArray();
            var multiplier = new int[outCh];
            var shift = new int[outCh];
            for (int c = 0; c < outCh; c++) QuantizationParameters.QuantizeMultiplier(1.0 / (3000 + 700 * c), out multiplier[c], out shift[c]);
            var output = new sbyte[outLength * outCh];
            Conv1dPcmKernel.Run(p, input, length, filter, bias, multiplier, shift, output);

            int mismatches = 0;
            for (int t = 0; t < outLength; t++)
                for (int oc = 0; oc < outCh; oc++)
                {
                    long sum = bias[oc];
                    int first = oc / (outCh / groups) * inPerGroup;
                    for (int j = 0; j < k; j++)
                        for (int i = 0; i < inPerGroup; i++)
                            sum += (long)input[(t * stride + j * dilation) * inCh + first + i] * filter[(oc * k + j) * inPerGroup + i];
                    double real = sum * (multiplier[oc] * Math.Pow(2, shift[oc] - 31)) - 3;
                    long expected = Math.Clamp((long)Math.Round(real, MidpointRounding.AwayFromZero), -128, 127);
                    int got = output[t * outCh + oc];
                    Assert.True(Math.Abs(got - expected) <= 1, $"t={t} oc={oc}: {got} vs exact {real:F3}");
                    if (got != expected) mismatches++;
                }
            // Fixed-point rounding may differ from double rounding only at exact-half ties.
            Assert.True(mismatches <= outLength * outCh / 50, $"{mismatches} of {outLength * outCh} outputs off by one");
        }
    }

    [Fact]
    public void LargestFanIn_SumsFullScalePcmWithoutOverflow_AndOneMoreIsRefused()
    {
        int fanIn = QuantizationParameters.MaxPcmFanIn;
        Assert.Equal(516, fanIn);
        QuantizationParameters.QuantizeMultiplier(1.0 / (1 << 20), out int m, out int s);
        var p = new Conv1dParams(1, 1, fanIn, 1, 1, 1, 0, 0, -128, 127);
        var input = Enumerable.Repeat(short.MinValue, fanIn).ToArray();
        var filter = Enumerable.Repeat((sbyte)-127, fanIn).ToArray();
        var output = new sbyte[1];
        Conv1dPcmKernel.Run(p, input, fanIn, filter, [], [m], [s], output);
        // 516 x 32768 x 127 = 2,147,352,576 < 2^31; / 2^20 = 2047.9 saturates at 127 (an overflow would wrap negative).
        Assert.Equal(127, output[0]);

        var tooWide = p with { Kernel = fanIn + 1 };
        Assert.Throws<ArgumentException>(() => Conv1dPcmKernel.Run(tooWide, new short[fanIn + 1], fanIn + 1, new sbyte[fanIn + 1], [], [m], [s], output));
        Assert.Throws<ArgumentException>(() => Conv1dPcmKernel.Run(p with { InputOffset = 1 }, input, fanIn, filter, [], [m], [s], output));
    }
}
