using NeuralAudio.Training.Classification;

namespace NeuralAudio.Classification.Tests;

/// <summary>Between-class mixing: the gain formula, the mixing ratio and the soft labels, as the BC-learning reference has them.</summary>
public sealed class MixingTests
{
    [Theory]
    [InlineData(0.3, 2, 7)]
    [InlineData(0.85, 0, 9)]
    [InlineData(0.5, 4, 1)]
    public void Soft_labels_sum_to_one_and_put_r_on_the_first_class(double r, int first, int second)
    {
        var label = BetweenClassMixing.SoftLabel(first, second, r, 10);
        Assert.Equal(1.0, label.Sum(), 6);
        Assert.Equal(r, label[first], 6);
        Assert.Equal(1 - r, label[second], 6);
        Assert.Equal(8, label.Count(v => v == 0));
    }

    [Fact]
    public void Mixed_batches_carry_labels_that_sum_to_one_over_two_different_classes()
    {
        var clips = Enumerable.Range(0, 4).Select(i => new ClipAudio(new LabelledClip("x", $"c{i}", 1, i % 2, ""), Tone(i + 1, 30000))).ToList();
        var sampler = new MixedBatchSampler(clips, new ClassifierTrainingOptions(), classes: 3, inputLength: 4096, sampleRate: 20000);
        var (samples, labels) = sampler.Next(6, new Random(3));
        Assert.Equal(6 * 4096, samples.Length);
        for (int b = 0; b < 6; b++)
        {
            var row = labels.AsSpan(b * 3, 3).ToArray();
            Assert.Equal(1.0, row.Sum(), 5);
            Assert.Equal(0, row[2]); // no clip of class 2
            Assert.True(row[0] > 0 && row[1] > 0, "a mixed example has both classes");
        }
    }

    [Fact]
    public void Equal_gains_give_t_equal_to_r()
    {
        foreach (var r in new[] { 0.1, 0.5, 0.77 })
            Assert.Equal(r, BetweenClassMixing.MixRatio(-12.5, -12.5, r), 12);
    }

    [Fact]
    public void The_mix_ratio_matches_a_hand_computed_case()
    {
        // g1 - g2 = 6 dB, r = 0.25: t = 1 / (1 + 10^(6/20) * 0.75 / 0.25) = 1 / (1 + 1.995262 * 3) = 1 / 6.985787 = 0.1431478
        Assert.Equal(0.1431478, BetweenClassMixing.MixRatio(-10, -16, 0.25), 6);
    }

    [Fact]
    public void The_a_weighted_gain_of_a_full_scale_1_khz_sine_matches_a_hand_computed_value()
    {
        // 1 kHz at 20 kHz with n_fft 2048: the Hann-windowed power lands on the bins around 102.4; the A-weight at 1 kHz is
        // about 0 dB, and the power of a windowed sine of amplitude 1 is sum(w^2)/2 * N/2 = N * 3/8 / 2 * N / 2 ... summed over
        // its bins (Parseval): sum |X_k|^2 over k in 0..N/2 = N * sum(w^2 x^2) / 2 = N * (3N/8) * (1/2) / 2 = 3 N^2 / 32.
        const int n = 2048;
        var sine = Enumerable.Range(0, 8192).Select(i => (float)Math.Sin(2 * Math.PI * 1000 * i / 20000.0)).ToArray();
        double expected = 10 * Math.Log10(3.0 * n * n / 32) + AWeightedGain.WeightsDb(20000, n)[102];
        Assert.Equal(expected, AWeightedGain.Of(sine, 20000), 1);
        // The A curve: about 0 dB at 1 kHz, -19 dB near 100 Hz, floored at -80 dB at DC.
        var weights = AWeightedGain.WeightsDb(20000, n);
        Assert.InRange(weights[102], -0.1, 0.1);      // 996 Hz
        Assert.InRange(weights[10], -20.5, -18.5);     // 97.7 Hz
        Assert.Equal(-80, weights[0]);
    }

    [Fact]
    public void A_6_db_louder_clip_gets_the_smaller_share_and_the_mix_keeps_the_reference_normalisation()
    {
        var quiet = Enumerable.Range(0, 8192).Select(i => (float)(0.25 * Math.Sin(2 * Math.PI * 1000 * i / 20000.0))).ToArray();
        var loud = quiet.Select(v => v * 2).ToArray(); // +6.02 dB
        double g1 = AWeightedGain.Of(loud, 20000), g2 = AWeightedGain.Of(quiet, 20000);
        Assert.Equal(20 * Math.Log10(2), g1 - g2, 6);
        double t = BetweenClassMixing.MixRatio(g1, g2, 0.5);
        Assert.Equal(1 / 3.0, t, 6); // 1 / (1 + 2 * 1)
        var mixed = BetweenClassMixing.Mix(loud, quiet, 0.5, 20000);
        double norm = Math.Sqrt(t * t + (1 - t) * (1 - t));
        Assert.Equal((loud[100] * t + quiet[100] * (1 - t)) / norm, mixed[100], 5);
    }

    private static short[] Tone(int k, int length) =>
        Enumerable.Range(0, length).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * 200 * k * i / 20000.0))).ToArray();
}
