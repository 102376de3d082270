using NeuralAudio.Runtime.Tests.Cases;
using Xunit.Abstractions;

namespace NeuralAudio.Runtime.Tests;

/// <summary>ELU tables and the softmax exp table: monotonic and correct against float.</summary>
public sealed class LookupTableTests(ITestOutputHelper log)
{
    public static IEnumerable<object[]> EluQuantizations =>
    [
        [0.05f, 0, 1.0],
        [0.02f, -20, 1.0],
        [0.1f, 30, 0.5],
        [0.003f, 100, 1.7],
        [0.2f, -128, 1.0],
    ];

    [Theory]
    [MemberData(nameof(EluQuantizations))]
    public void EluTableIsMonotonicAndWithinHalfAStepOfTheFloatElu(float inScale, int inZeroPoint, double alpha)
    {
        var qi = new ActivationQuantization(inScale, inZeroPoint);
        double lo = FloatOps.Elu(qi.Dequantize(-128), alpha), hi = FloatOps.Elu(qi.Dequantize(127), alpha);
        var qo = QuantizationParameters.ChooseActivationQuantization((float)lo, (float)hi);
        var lut = LookupTables.Elu(inScale, inZeroPoint, qo.Scale, qo.ZeroPoint, alpha);
        double worst = 0;
        for (int i = 1; i < 256; i++) Assert.True(lut[i] >= lut[i - 1], $"table decreases at {i - 128}");
        for (int x = -128; x <= 127; x++)
        {
            double exact = FloatOps.Elu(qi.Dequantize(x), alpha);
            double error = Math.Abs(qo.Dequantize(lut[x + 128]) - exact) / qo.Scale;
            Assert.True(error <= 0.5 + 1e-6, $"x={x}: table {lut[x + 128]} is {error:F3} steps from {exact}");
            worst = Math.Max(worst, error);
        }
        log.WriteLine($"ELU in=({inScale},{inZeroPoint}) alpha={alpha}: max error {worst:F3} output steps");
    }

    [Fact]
    public void EluTableMapsTheInputZeroPointToTheOutputZeroPoint()
    {
        var lut = LookupTables.Elu(0.05f, 7, 0.03f, -50);
        Assert.Equal(-50, lut[7 + 128]);
    }

    [Fact]
    public void EluTableFlattensAboveMinusAlpha()
    {
        // Inputs far below zero approach -alpha from above: the table flattens near quantise(-alpha), never below.
        var output = new ActivationQuantization(2f / 255, 0);
        var lut = LookupTables.Elu(0.1f, 0, output.Scale, output.ZeroPoint, 1.0);
        Assert.All(lut, v => Assert.True(output.Dequantize(v) >= -1 - output.Scale / 2));
        Assert.All(lut.Take(30), v => Assert.Equal(-127, v)); // elu(-12.8 .. -9.9) = -0.99999.. -> -127.499..
    }

    [Theory]
    [InlineData(0.05f, 1.0)]
    [InlineData(0.2f, 0.5)]
    [InlineData(0.01f, 2.0)]
    public void SoftmaxExpTableIsQ30AndDecreasing(float scale, double beta)
    {
        var lut = LookupTables.SoftmaxExp(scale, beta);
        Assert.Equal(1 << 30, lut[0]);
        for (int d = 1; d < 256; d++)
        {
            Assert.True(lut[d] <= lut[d - 1]);
            Assert.Equal(Math.Exp(-beta * scale * d) * (1 << 30), lut[d], 0.5 + 1e-6);
        }
    }

    [Fact]
    public void SoftmaxOutputIsMonotonicInTheLogitsAndSumsToOne()
    {
        var random = new Random(17);
        float scale = 0.08f;
        var lut = LookupTables.SoftmaxExp(scale);
        for (int trial = 0; trial < 200; trial++)
        {
            int classes = random.Next(2, 50);
            var x = Enumerable.Range(0, classes).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
            var y = new sbyte[classes];
            SoftmaxKernel.Run(new SoftmaxParams(classes), x, 1, lut, y);
            for (int i = 0; i < classes; i++)
                for (int j = 0; j < classes; j++)
                    if (x[i] > x[j]) Assert.True(y[i] >= y[j], $"logit {x[i]} > {x[j]} but probability {y[i]} < {y[j]}");
            double sum = y.Sum(v => (v + 128) / 256.0);
            Assert.True(Math.Abs(sum - 1) <= classes * 0.5 / 256 + 1e-9, $"probabilities sum to {sum}");
        }
    }

    [Fact]
    public void SoftmaxOfEqualLogitsIsUniformAndOfOneClassIsCertain()
    {
        var lut = LookupTables.SoftmaxExp(0.1f);
        var y = new sbyte[4];
        SoftmaxKernel.Run(new SoftmaxParams(4), new sbyte[] { 5, 5, 5, 5 }, 1, lut, y);
        Assert.All(y, v => Assert.Equal(64 - 128, v)); // 0.25 * 256 - 128
        var one = new sbyte[1];
        SoftmaxKernel.Run(new SoftmaxParams(1), new sbyte[] { -17 }, 1, lut, one);
        Assert.Equal(127, one[0]); // probability 1 saturates at 255/256, like TFLite
    }

    [Fact]
    public void LutKernelMayRunInPlace()
    {
        var lut = Enumerable.Range(0, 256).Select(i => (sbyte)(127 - i)).ToArray();
        sbyte[] x = [-128, 0, 127];
        ActivationKernel.Lut(x, x, lut);
        Assert.Equal(new sbyte[] { 127, -1, -128 }, x);
    }
}
