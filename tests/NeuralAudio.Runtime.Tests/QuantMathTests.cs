namespace NeuralAudio.Runtime.Tests;

/// <summary>TFLite / gemmlowp requantisation semantics on known vectors.</summary>
public sealed class QuantMathTests
{
    [Theory]
    [InlineData(1 << 30, 1 << 30, 1 << 29)]              // 0.5 * 0.5 = 0.25 in Q31
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue - 1)]
    [InlineData(3, 1 << 30, 2)]                          // 1.5 -> 2
    [InlineData(-3, 1 << 30, -1)]                        // -1.5 -> -1: gemmlowp's nudge rounds ties up
    [InlineData(-5, 1 << 30, -2)]                        // -2.5 -> -2
    [InlineData(-7, 1 << 29, -2)]                        // -1.75 -> -2
    [InlineData(100, -(1 << 30), -50)]
    [InlineData(int.MinValue, 1 << 30, -(1 << 30))]
    [InlineData(int.MinValue, int.MaxValue, -int.MaxValue)]
    [InlineData(0, int.MinValue, 0)]
    public void SaturatingRoundingDoublingHighMulRoundsLikeGemmlowp(int a, int b, int expected) =>
        Assert.Equal(expected, QuantMath.SaturatingRoundingDoublingHighMul(a, b));

    [Fact]
    public void SaturatingRoundingDoublingHighMulSaturatesTheOnlyOverflow() =>
        Assert.Equal(int.MaxValue, QuantMath.SaturatingRoundingDoublingHighMul(int.MinValue, int.MinValue));

    [Theory]
    [InlineData(3, 1, 2)]      // 1.5 -> 2
    [InlineData(-3, 1, -2)]    // -1.5 -> -2: ties away from zero
    [InlineData(5, 2, 1)]      // 1.25 -> 1
    [InlineData(-5, 2, -1)]    // -1.25 -> -1
    [InlineData(6, 2, 2)]      // 1.5 -> 2
    [InlineData(-6, 2, -2)]    // -1.5 -> -2
    [InlineData(-7, 2, -2)]    // -1.75 -> -2
    [InlineData(-1, 1, -1)]    // -0.5 -> -1
    [InlineData(-1, 2, 0)]     // -0.25 -> 0
    [InlineData(12345, 0, 12345)]
    [InlineData(int.MinValue, 31, -1)]
    [InlineData(int.MaxValue, 31, 1)]
    [InlineData(-1073741824, 31, -1)] // -0.5 -> -1
    public void RoundingDivideByPotRoundsHalfAwayFromZero(int x, int exponent, int expected) =>
        Assert.Equal(expected, QuantMath.RoundingDivideByPot(x, exponent));

    [Theory]
    [InlineData(100, 1 << 30, 0, 50)]
    [InlineData(100, 1 << 30, -1, 25)]
    [InlineData(-100, 1 << 30, -3, -6)]                  // -6.25
    [InlineData(-75, 1 << 30, -1, -19)]                  // -37.5 -> -37 (high mul) -> -18.5 -> -19 (double rounding)
    [InlineData(77, 1 << 30, 1, 77)]                     // 0.5 * 2^1
    [InlineData(1000, 1717986918, -3, 100)]              // 0.1 = (1717986918, -3)
    [InlineData(int.MaxValue, 1 << 30, 1, 1 << 30)]      // x * 2 saturates to int.MaxValue, then halves
    [InlineData(int.MinValue, int.MinValue, 0, int.MaxValue)]
    [InlineData(-1 << 30, int.MinValue, 1, int.MaxValue)] // the left shift saturates to int.MinValue, then MIN * MIN
    [InlineData(12345, 0, 0, 0)]
    public void MultiplyByQuantizedMultiplierMatchesTflite(int x, int multiplier, int shift, int expected) =>
        Assert.Equal(expected, QuantMath.MultiplyByQuantizedMultiplier(x, multiplier, shift));

    [Fact]
    public void MultiplyByQuantizedMultiplierApproximatesTheRealProductWithinOneStep()
    {
        var random = new Random(5);
        for (int i = 0; i < 20_000; i++)
        {
            double real = Math.Exp(random.NextDouble() * 20 - 16); // 1e-7 .. 55
            QuantizationParameters.QuantizeMultiplier(real, out int m, out int s);
            int x = random.Next(-1_000_000, 1_000_000);
            double exact = x * real;
            if (Math.Abs(exact) > int.MaxValue / 2) continue;
            Assert.True(Math.Abs(QuantMath.MultiplyByQuantizedMultiplier(x, m, s) - exact) <= 1.0, $"x={x} real={real}");
        }
    }

    [Fact]
    public void RequantisationClampsInsteadOfWrappingWhenTheProductSaturates()
    {
        // acc * 2^31 saturates to int.MaxValue; adding the output offset 100 must not wrap to a negative value.
        var p = new LinearParams(1, 2, 0, 100, -128, 127);
        var output = new sbyte[2];
        LinearKernel.Run(p, new sbyte[] { 100 }, 1, new sbyte[] { 100, -100 }, [], [int.MaxValue, int.MaxValue], [31, 31], output);
        Assert.Equal(new sbyte[] { 127, -128 }, output);
    }
}
