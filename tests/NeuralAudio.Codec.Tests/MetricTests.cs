using NeuralAudio.Training.Evaluation;

namespace NeuralAudio.Codec.Tests;

public class MetricTests
{
    private const int Rate = 16_000;

    /// <summary>sin (or cos) at FFT-bin frequency k over n samples: whole periods, so sin and cos are exactly orthogonal and zero-mean.</summary>
    private static float[] Tone(int n, int cycles, double amplitude, bool cosine = false) =>
        Enumerable.Range(0, n).Select(i => (float)(amplitude * (cosine ? Math.Cos(2 * Math.PI * cycles * i / n) : Math.Sin(2 * Math.PI * cycles * i / n)))).ToArray();

    private static float[] Noise(int n, int seed, double std)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            return (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }).ToArray();
    }

    private static float[] Add(float[] a, float[] b) => a.Zip(b, (x, y) => x + y).ToArray();
    private static float[] Scale(float[] a, float s) => a.Select(x => x * s).ToArray();

    /// <summary>Speech-like test signal: harmonic tones with a 4 Hz syllable envelope and pauses.</summary>
    private static float[] SpeechLike(int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double t = i / (double)Rate, envelope = Math.Max(0, Math.Sin(2 * Math.PI * 4 * t));
            double f0 = 140 + 30 * Math.Sin(2 * Math.PI * 0.7 * t), v = 0;
            for (int h = 1; h <= 20; h++) v += Math.Sin(2 * Math.PI * f0 * h * t + h) / h;
            x[i] = (float)(0.3 * envelope * v);
        }
        return x;
    }

    [Fact]
    public void Fft_MatchesTheDirectDft()
    {
        var x = Noise(64, 1, 1);
        var re = x.Select(v => (double)v).ToArray();
        var im = new double[64];
        Fft.Forward(re, im);
        for (int k = 0; k < 64; k++)
        {
            double dr = 0, di = 0;
            for (int n = 0; n < 64; n++) { dr += x[n] * Math.Cos(2 * Math.PI * k * n / 64); di -= x[n] * Math.Sin(2 * Math.PI * k * n / 64); }
            Assert.Equal(dr, re[k], 9);
            Assert.Equal(di, im[k], 9);
        }
    }

    [Fact]
    public void SiSdr_OfAScaledCopy_IsTheCap()
    {
        var s = Noise(8000, 2, 0.3);
        Assert.Equal(SiSdr.MaxDb, SiSdr.Compute(s, Scale(s, 0.25f)));
    }

    [Fact]
    public void SiSdr_WithOrthogonalDistortion_IsTheAnalyticRatio()
    {
        // estimate = 0.5 sin + 0.05 cos; the cos is orthogonal to the reference, so SI-SDR = 20 log10(0.5 / 0.05) = 20 dB.
        var s = Tone(16_000, 50, 1);
        var estimate = Add(Tone(16_000, 50, 0.5), Tone(16_000, 50, 0.05, cosine: true));
        Assert.Equal(20.0, SiSdr.Compute(s, estimate), 3);
        // A gain does not change it (scale invariance).
        Assert.Equal(20.0, SiSdr.Compute(s, Scale(estimate, 3f)), 3);
    }

    [Fact]
    public void SiSdr_WithWhiteNoise_IsCloseToTheSignalToNoiseRatio()
    {
        // Reference power 0.5 (unit sine), noise power 0.05^2 * 2: SNR = 10 log10(0.5 / 0.005) = 20 dB.
        var s = Tone(64_000, 440, 1);
        var noisy = Add(s, Noise(64_000, 3, 0.0707107));
        Assert.InRange(SiSdr.Compute(s, noisy), 19.8, 20.2);
    }

    [Fact]
    public void SpectralDistances_AreZeroForIdenticalSignals()
    {
        var s = SpeechLike(Rate);
        Assert.Equal(0, LogSpectralDistance.Compute(s, s));
        Assert.Equal(0, MelDistance.Compute(s, s, Rate));
        Assert.Equal(0, MultiResolutionStftDistance.Compute(s, s));
    }

    [Fact]
    public void SpectralDistances_OfADoubledSignal_AreTheAnalyticValues()
    {
        // Doubling the amplitude multiplies every power by 4 (white noise keeps every bin far above the floors):
        // LSD = 10 log10 4 = 6.0206 dB; mel distance = log10 4 = 0.60206; MR-STFT = convergence 1 + |ln 2| = 1.693147.
        var s = Noise(Rate, 4, 0.3);
        var doubled = Scale(s, 2);
        Assert.Equal(10 * Math.Log10(4), LogSpectralDistance.Compute(s, doubled), 4);
        Assert.Equal(Math.Log10(4), MelDistance.Compute(s, doubled, Rate), 4);
        Assert.Equal(1 + Math.Log(2), MultiResolutionStftDistance.Compute(s, doubled), 4);
    }

    [Fact]
    public void MelFilterBank_PeaksAtItsCentresAndCoversTheBand()
    {
        var filters = MelFilterBank.Create(80, 1024, Rate);
        Assert.Equal(80, filters.Length);
        Assert.Equal(513, filters[0].Length);
        Assert.All(filters, f => Assert.InRange(f.Max(), 0.5, 1.0));
        Assert.Equal(1000.0, MelFilterBank.MelToHz(MelFilterBank.HzToMel(1000)), 9);
        Assert.Equal(999.9855, MelFilterBank.HzToMel(1000), 4); // HTK: 2595 log10(1 + 1000/700)
    }

    [Fact]
    public void Stoi_ThirdOctaveBands_AreThePublishedBinRanges()
    {
        var bands = Stoi.ThirdOctaveBands();
        int[] Bins(int k) => Enumerable.Range(0, 257).Where(b => bands[k, b] == 1).ToArray();
        // Band 0: 133.6..168.4 Hz -> nearest bins 7 (136.7 Hz) up to, not including, 9 (175.8 Hz).
        Assert.Equal(new[] { 7, 8 }, Bins(0));
        // Band 14 (centre 3810 Hz): 3394.9..4276.0 Hz -> bins 174..218.
        Assert.Equal(Enumerable.Range(174, 45).ToArray(), Bins(14));
    }

    [Fact]
    public void Stoi_IsOneForIdenticalAndForScaledSignals()
    {
        var s = SpeechLike(2 * Rate);
        Assert.Equal(1.0, Stoi.Compute(s, s, Rate), 6);
        Assert.Equal(1.0, Stoi.Compute(s, Scale(s, 0.3f), Rate), 6);
    }

    [Fact]
    public void Stoi_DecreasesAsNoiseRises()
    {
        var s = SpeechLike(3 * Rate);
        double power = s.Average(v => (double)v * v);
        var scores = new[] { 20.0, 5.0, -5.0, -15.0 }
            .Select(snr => Stoi.Compute(s, Add(s, Noise(s.Length, 9, Math.Sqrt(power / Math.Pow(10, snr / 10)))), Rate)).ToArray();
        for (int i = 1; i < scores.Length; i++) Assert.True(scores[i] < scores[i - 1], string.Join(", ", scores));
        Assert.InRange(scores[0], 0.9, 1.0);
        Assert.True(scores[^1] < 0.6, string.Join(", ", scores));
    }

    [Fact]
    public void Stoi_AtAnotherRate_ResamplesTo10kHz()
    {
        var s = SpeechLike(2 * Rate);
        var noisy = Add(s, Noise(s.Length, 5, 0.05));
        double at16k = Stoi.Compute(s, noisy, Rate);
        Assert.InRange(at16k, 0.3, 0.999);
        Assert.Throws<ArgumentException>(() => Stoi.Compute(s.AsSpan(0, 3000), noisy.AsSpan(0, 3000), Rate)); // < 30 frames
    }

    [Fact]
    public void MeanSpread_IsTheSampleStandardDeviation()
    {
        var (mean, spread) = ReportHtml.MeanSpread([1, 2, 3, 4, double.NaN]);
        Assert.Equal(2.5, mean);
        Assert.Equal(Math.Sqrt(5.0 / 3), spread, 12);
    }

    [Fact]
    public void Opus_At6kbps_TakesItsBitrateAndStaysAligned()
    {
        var s = SpeechLike(2 * Rate);
        var (audio, bitrate) = OpusBaseline.Run(s, Rate);
        Assert.Equal(s.Length, audio.Length);
        Assert.InRange(bitrate, 5900, 6200); // 15-byte CBR packets; the look-ahead adds at most one frame
        Assert.True(SiSdr.Compute(s, audio) > 0, "Opus output must be aligned with the input (look-ahead compensated)");
        Assert.True(Stoi.Compute(s, audio, Rate) > 0.8);
    }
}
