namespace NeuralAudio.Runtime.Tests;

/// <summary>The integer nearest-code search: ties, residual stages and the prepared tables.</summary>
public sealed class RvqTests
{
    private static ushort[] Encode(RvqTables t, sbyte[] embedding, int frames)
    {
        var codes = new ushort[frames * t.Params.Stages];
        RvqKernel.Encode(t.Params, embedding, frames, t.Codebooks, t.CodebookOffsets, t.Norms, t.Multiplier, t.Shift, codes);
        return codes;
    }

    [Fact]
    public void DuplicateCodewordsResolveToTheLowestIndex()
    {
        // Codewords 1 and 3 are identical; an embedding on them must pick 1.
        float[] book = [-1, -1, 0.5f, 0.5f, 1, -1, 0.5f, 0.5f];
        var embQ = QuantizationParameters.ChooseActivationQuantization(-1, 1);
        var t = RvqQuantization.Prepare(embQ, [book], 4, 2);
        Assert.Equal(new ushort[] { 1 }, Encode(t, [embQ.Quantize(0.5), embQ.Quantize(0.5)], 1));
    }

    [Fact]
    public void AnEquidistantResidualResolvesToTheLowestIndex()
    {
        // r = 0 is equally far from +c and -c (the zero point of a symmetric book is exact): index 0 wins either way.
        var embQ = new ActivationQuantization(0.01f, 0);
        var plusFirst = RvqQuantization.Prepare(embQ, [new float[] { 1f, -1f }], 2, 1);
        var minusFirst = RvqQuantization.Prepare(embQ, [new float[] { -1f, 1f }], 2, 1);
        Assert.Equal(plusFirst.Norms[0], plusFirst.Norms[1]);
        Assert.Equal(new ushort[] { 0 }, Encode(plusFirst, [0], 1));
        Assert.Equal(new ushort[] { 0 }, Encode(minusFirst, [0], 1));
    }

    [Fact]
    public void EachStageQuantisesTheResidualOfThePrevious()
    {
        // Stage 0: {-1, 1}; stage 1: {-0.25, 0.25}. 1.25 -> (1, +0.25); -0.75 -> (-1, +0.25); 0.8 -> (1, -0.2 ~ -0.25);
        // -1.25 -> (-1, -0.25).
        var embQ = QuantizationParameters.ChooseActivationQuantization(-1.5f, 1.5f);
        var t = RvqQuantization.Prepare(embQ, [new float[] { -1, 1 }, new float[] { -0.25f, 0.25f }], 2, 1);
        Assert.Equal(new ushort[] { 1, 1, 0, 1, 1, 0, 0, 0 },
            Encode(t, [embQ.Quantize(1.25), embQ.Quantize(-0.75), embQ.Quantize(0.8), embQ.Quantize(-1.25)], 4));
    }

    [Fact]
    public void PreparedTablesHoldNormsAndPerStageRescaling()
    {
        var embQ = new ActivationQuantization(0.02f, 3);
        var books = new List<float[]> { new float[] { 0.5f, -0.5f, 1f, 0f }, new float[] { 0.1f, 0.05f, -0.1f, 0f } };
        var t = RvqQuantization.Prepare(embQ, books, 2, 2, fracBits: 4);
        Assert.Equal(new RvqParams(2, 2, 2, 4, -3), t.Params);
        for (int s = 0; s < 2; s++)
            for (int k = 0; k < 2; k++)
            {
                int norm = 0;
                for (int i = 0; i < 2; i++)
                {
                    int w = t.Codebooks[(s * 2 + k) * 2 + i] + t.CodebookOffsets[s];
                    norm += w * w;
                }
                Assert.Equal(norm, t.Norms[s * 2 + k]);
            }
        double stage0 = t.Multiplier[0] * Math.Pow(2, t.Shift[0] - 31);
        double stage1 = t.Multiplier[1] * Math.Pow(2, t.Shift[1] - 31);
        double expected0 = (double)embQ.Scale * 16 / t.Quantization[0].Scale;
        double expected1 = (double)t.Quantization[0].Scale / t.Quantization[1].Scale;
        Assert.True(Math.Abs(stage0 - expected0) <= expected0 * Math.Pow(2, -30), $"{stage0} vs {expected0}");
        Assert.True(Math.Abs(stage1 - expected1) <= expected1 * Math.Pow(2, -30), $"{stage1} vs {expected1}");
    }

    [Fact]
    public void ResidualSaturatesInsteadOfWrapping()
    {
        // A huge rescaling pushes the residual past int16: codes must still be those of the clamped residual.
        var p = new RvqParams(1, 2, 1, 0, 0);
        var codes = new ushort[1];
        RvqKernel.Encode(p, new sbyte[] { 127 }, 1, new sbyte[] { -100, 100 }, [0], [10000, 10000], [1 << 30], [20], codes);
        Assert.Equal(1, codes[0]);
    }
}
