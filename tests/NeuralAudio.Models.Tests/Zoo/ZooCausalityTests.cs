using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Tests.Zoo;

/// <summary>Changing future samples never changes earlier encoder outputs (the codecs stream).</summary>
public class ZooCausalityTests
{
    [Theory]
    [InlineData("tinystream", "ultra_tiny", 256)]
    [InlineData("tinystream", "medium", 256)]
    [InlineData("soundstream", "tiny", 320)]
    public void FutureSamplesNeverChangeEarlierEncoderFrames(string model, string variant, int hop)
    {
        using var module = ModelCatalog.Get(model, variant).CreateModule();
        module.eval();
        var codec = Assert.IsAssignableFrom<ICodecModule>(module);
        const int frames = 12, cut = 7; // samples from frame 7 on change
        torch.manual_seed(7);
        using var _ = torch.no_grad();
        using var original = torch.randn(1, 1, hop * frames);
        using var changed = original.clone();
        changed[.., .., (hop * cut)..] = torch.randn(1, 1, hop * (frames - cut));

        using var before = codec.Encode(original);
        using var after = codec.Encode(changed);
        Assert.Equal(frames, before.shape[2]);
        // Frames 0..cut-1 end before the first changed sample: identical, bit for bit.
        Assert.True(before[.., .., ..cut].eq(after[.., .., ..cut]).all().item<bool>());
        // And the change does reach the later frames, so the test can fail.
        Assert.False(before[.., .., cut..].eq(after[.., .., cut..]).all().item<bool>());
    }
}
