namespace NeuralAudio.Runtime.Tests;

/// <summary>Export-time quantisation: TFLite's multiplier encoding and parameter choices.</summary>
public sealed class QuantizationParametersTests
{
    [Theory]
    [InlineData(0.5, 1 << 30, 0)]
    [InlineData(1.0, 1 << 30, 1)]
    [InlineData(2.0, 1 << 30, 2)]
    [InlineData(0.25, 1 << 30, -1)]
    [InlineData(0.75, 1610612736, 0)]
    [InlineData(0.1, 1717986918, -3)]
    [InlineData(0.3, 1288490189, -1)]                    // 0.6 * 2^31 = 1288490188.8
    [InlineData(1.0 - 1.0 / (1L << 40), 1 << 30, 1)]     // rounds up to 2^31: carried into the shift
    [InlineData(-0.5, -(1 << 30), 0)]
    [InlineData(0.0, 0, 0)]
    [InlineData(1e-10, 0, 0)]                            // below 2^-31: flushed to zero
    [InlineData(0.75 / 2147483648.0, 1610612736, -31)]  // 0.75 * 2^-31: the smallest shift kept
    [InlineData(0.75 / 4294967296.0, 0, 0)]              // 0.75 * 2^-32: flushed
    public void QuantizeMultiplierMatchesTflite(double real, int expectedMultiplier, int expectedShift)
    {
        QuantizationParameters.QuantizeMultiplier(real, out int m, out int s);
        Assert.Equal((expectedMultiplier, expectedShift), (m, s));
    }

    [Fact]
    public void QuantizedMultiplierRepresentsTheRealValueToQ31Precision()
    {
        var random = new Random(3);
        for (int i = 0; i < 10_000; i++)
        {
            double real = Math.Exp(random.NextDouble() * 30 - 20);
            QuantizationParameters.QuantizeMultiplier(real, out int m, out int s);
            Assert.InRange(m, 1 << 30, int.MaxValue);
            double back = m * Math.Pow(2, s - 31);
            Assert.True(Math.Abs(back - real) <= real * Math.Pow(2, -30), $"{real} -> ({m}, {s})");
        }
    }

    [Fact]
    public void FrexpMatchesTheCDefinition()
    {
        Assert.Equal(0.5, QuantizationParameters.Frexp(1.0, out int e1));
        Assert.Equal(1, e1);
        Assert.Equal(0.75, QuantizationParameters.Frexp(0.375, out int e2));
        Assert.Equal(-1, e2);
        Assert.Equal(-0.5, QuantizationParameters.Frexp(-4.0, out int e3));
        Assert.Equal(3, e3);
        double tiny = double.Epsilon * 3;
        double mantissa = QuantizationParameters.Frexp(tiny, out int e4);
        Assert.Equal(tiny, Math.ScaleB(mantissa, e4));
        Assert.InRange(mantissa, 0.5, 1.0);
    }

    [Theory]
    [InlineData(-1.0f, 1.0f)]
    [InlineData(0.0f, 6.0f)]
    [InlineData(-3.0f, 0.0f)]
    [InlineData(0.5f, 2.0f)]       // widened to contain 0
    [InlineData(-0.37f, 5.11f)]
    [InlineData(-1e-3f, 1e3f)]
    public void ActivationQuantizationRepresentsZeroExactlyAndCoversTheRange(float min, float max)
    {
        var q = QuantizationParameters.ChooseActivationQuantization(min, max);
        Assert.InRange(q.ZeroPoint, -128, 127);
        Assert.Equal(0.0, q.Dequantize(q.Quantize(0.0)));
        double lo = Math.Min(min, 0), hi = Math.Max(max, 0);
        Assert.Equal((hi - lo) / 255, q.Scale, (hi - lo) * 1e-6);
        Assert.True(q.Dequantize(-128) <= lo + q.Scale && q.Dequantize(127) >= hi - q.Scale);
    }

    [Fact]
    public void ActivationQuantizationOfASymmetricRangeMatchesTflite()
    {
        // TFLite: [-1, 1] -> scale 2/255, zero point round(-128 + 127.5) = round(-0.5) = -1 (away from zero).
        var q = QuantizationParameters.ChooseActivationQuantization(-1f, 1f);
        Assert.Equal(2f / 255, q.Scale, 1e-9f);
        Assert.Equal(-1, q.ZeroPoint);
        Assert.Equal(-128, QuantizationParameters.ChooseActivationQuantization(0f, 6f).ZeroPoint);
        Assert.Equal(127, QuantizationParameters.ChooseActivationQuantization(-6f, 0f).ZeroPoint);
    }

    [Fact]
    public void WeightsArePerChannelSymmetricWithinPlusMinus127()
    {
        float[] w = [0.5f, -1.0f, 0.25f, /* channel 1 */ 0.011f, 0.02f, -0.005f, /* channel 2 */ 0, 0, 0];
        var q = QuantizationParameters.QuantizeWeightsPerChannel(w, 3);
        Assert.Equal([1.0f / 127, 0.02f / 127, 1f / 127], q.Scales);
        Assert.Equal(new sbyte[] { 64, -127, 32, 70, 127, -32, 0, 0, 0 }, q.Values); // 63.5 -> 64, 69.85 -> 70, -31.75 -> -32
        Assert.DoesNotContain((sbyte)-128, q.Values);
    }

    [Fact]
    public void BiasUsesInputScaleTimesWeightScale()
    {
        var q = QuantizationParameters.QuantizeBias([0.5f, -0.25f], 0.1f, [0.01f, 0.5f]);
        Assert.Equal([500, -5], q);
    }

    [Fact]
    public void PerChannelMultipliersEncodeInputTimesWeightOverOutputScale()
    {
        var m = new int[2];
        var s = new int[2];
        QuantizationParameters.PerChannelMultipliers(0.5f, [0.25f, 1f], 0.25f, m, s);
        Assert.Equal((1 << 30, 0), (m[0], s[0]));   // 0.5
        Assert.Equal((1 << 30, 2), (m[1], s[1]));   // 2.0
    }

    [Fact]
    public void AddPreparationFollowsTflite()
    {
        var p = QuantizationParameters.PrepareAdd(new(0.5f, 3), new(0.25f, -2), new(1f, 7), -10, 100);
        Assert.Equal((-3, 2, 20), (p.Input1Offset, p.Input2Offset, p.LeftShift));
        Assert.Equal((1 << 30, 0), (p.Input1Multiplier, p.Input1Shift));   // 0.5 / (2 * 0.5) = 0.5
        Assert.Equal((1 << 30, -1), (p.Input2Multiplier, p.Input2Shift));  // 0.25
        Assert.Equal((1 << 30, -19), (p.OutputMultiplier, p.OutputShift)); // 1 / 2^20 = 0.5 * 2^-19
        Assert.Equal((7, -10, 100), (p.OutputOffset, p.ActMin, p.ActMax));
    }
}
