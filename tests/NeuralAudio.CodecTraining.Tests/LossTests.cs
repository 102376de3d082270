using NeuralAudio.Training.Codec;
using static TorchSharp.torch;

namespace NeuralAudio.CodecTraining.Tests;

/// <summary>Mel reconstruction, hinge and feature-matching losses, and the discriminators' shapes.</summary>
public class LossTests
{
    [Fact]
    public void Mel_loss_is_zero_for_identical_audio_and_grows_with_the_error()
    {
        using var mel = new MultiScaleMelLoss(16000);
        var x = TrainingFixtures.Synthetic(2, 8192, 1).Batch(0, 2, 8192, 1);
        Assert.Equal(new[] { 64, 128, 256, 512, 1024, 2048 }, mel.Scales);
        Assert.True(mel.Compute(x, x).item<float>() < 1e-3);
        float small = mel.Compute(x, x * 0.9f).item<float>(), large = mel.Compute(x, x * 0.5f).item<float>();
        Assert.True(small > 0 && large > 2 * small, $"0.9x gave {small}, 0.5x gave {large}");
    }

    [Fact]
    public void Mel_filters_are_triangles_that_peak_at_one_below_nyquist()
    {
        var f = MelFilterBank.Create(1024, 64, 16000);
        Assert.Equal(new long[] { 513, 64 }, f.shape);
        var w = f.data<float>().ToArray();
        Assert.InRange(w.Max(), 0.9f, 1f);
        for (int m = 0; m < 64; m++)
            Assert.True(Enumerable.Range(0, 513).Sum(b => w[b * 64 + m]) > 0, $"mel filter {m} of a 1024-point STFT is empty");
        Assert.True(Enumerable.Range(0, 64).Sum(m => w[512 * 64 + m]) < 1e-6f); // the top filter ends at Nyquist
    }

    [Fact]
    public void Hinge_losses_match_their_definitions_on_constant_logits()
    {
        DiscriminatorOutput Out(float v) => new(full(2, 1, 5, v), new[] { full(2, 3, 5, v) });
        var real = new[] { Out(0.5f), Out(2f) };
        var fake = new[] { Out(-0.25f), Out(0.5f) };
        // D: mean over k of relu(1 - real) + relu(1 + fake) = ((0.5 + 0.75) + (0 + 1.5)) / 2
        Assert.Equal(1.375f, AdversarialLosses.Discriminator(real, fake).item<float>(), 5);
        // G: mean over k of relu(1 - fake) = (1.25 + 0.5) / 2
        Assert.Equal(0.875f, AdversarialLosses.Generator(fake).item<float>(), 5);
        // Feature matching: mean over k, l of |real - fake| = (0.75 + 1.5) / 2
        Assert.Equal(1.125f, AdversarialLosses.FeatureMatching(real, fake).item<float>(), 5);
    }

    [Fact]
    public void Discriminators_give_three_wave_scales_and_one_stft_output()
    {
        manual_seed(1);
        using var d = new CodecDiscriminator(0.25);
        var outputs = d.call(randn(2, 1, 8192) * 0.1f);
        Assert.Equal(4, outputs.Count);
        Assert.Equal(6, outputs[0].Features.Count); // conv, 4 grouped strided convs, conv
        Assert.Equal(8192 / 256, outputs[0].Logits.shape[2]); // stride 4^4
        Assert.Equal(8192 / 512, outputs[1].Logits.shape[2]);
        Assert.Equal(7, outputs[3].Features.Count); // 7x7 conv + 6 residual blocks
        Assert.Equal(1, outputs[3].Logits.shape[3]); // frequency collapsed by the last conv
    }
}
