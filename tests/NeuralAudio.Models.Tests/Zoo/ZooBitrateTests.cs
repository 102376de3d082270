using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.Models;

namespace NeuralAudio.Models.Tests.Zoo;

/// <summary>Frame rate and bitrate follow quantizers × log2(codebook) × frame rate.</summary>
public class ZooBitrateTests
{
    private static ModelCost Cost(string model, string variant) => CostModel.Analyze(ModelCatalog.Get(model, variant).BuildGraph());

    [Theory]
    [InlineData("tiny")]
    [InlineData("small")]
    [InlineData("base")]
    public void SoundStreamRuns75HzFramesAt6KbpsWith8x1024Codes(string variant)
    {
        var cost = Cost("soundstream", variant);
        Assert.Equal(75.0, cost.FrameRateHz, 9);
        Assert.Equal(6000.0, cost.BitrateBps, 9);
        Assert.Equal(320, cost.HopSamples);
    }

    [Theory]
    [InlineData("ultra_tiny", 2 * 8 * 62.5)]
    [InlineData("tiny", 2250.0)]
    [InlineData("small", 4 * 10 * 62.5)]
    [InlineData("medium", 5 * 10 * 62.5)]
    [InlineData("full", 6 * 10 * 62.5)]
    public void TinyStreamRuns62Point5HzFrames(string variant, double bitrate)
    {
        var cost = Cost("tinystream", variant);
        Assert.Equal(62.5, cost.FrameRateHz, 9);
        Assert.Equal(bitrate, cost.BitrateBps, 9);
        Assert.Equal(16.0, cost.AlgorithmicLatencyMs, 9);
    }

    [Fact]
    public void ClassifierLatencyIsItsInputWindow()
    {
        var cost = Cost("micro-acdnet", "esc50");
        Assert.False(cost.Streamable);
        Assert.Equal(1000.0 * 30225 / 20000, cost.AlgorithmicLatencyMs, 9);
        Assert.Equal(0, cost.BitrateBps);
    }
}
