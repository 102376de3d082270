using NeuralAudio.Training.Audio;

namespace NeuralAudio.Training.Evaluation;

/// <summary>
/// Short-Time Objective Intelligibility (Taal, Hendriks, Heusdens, Jensen, IEEE TASLP 2011), as published and as in
/// the reference implementation: both signals resampled to 10 kHz; frames of 256 samples (Hann window, 50 % overlap)
/// whose clean energy is more than 40 dB below the loudest frame are removed (overlap-add); 512-point DFT; 15
/// one-third-octave bands from 150 Hz; short-time segments of N = 30 frames (384 ms); the degraded envelope is
/// normalised to the clean one and clipped at a signal-to-distortion ratio of β = −15 dB; the result is the mean
/// correlation coefficient over bands and segments. 1 for identical signals, lower with distortion.
/// </summary>
public static class Stoi
{
    /// <summary>Internal sample rate of the measure.</summary>
    public const int SampleRate = 10_000;
    /// <summary>Frame (window) length in samples at 10 kHz.</summary>
    public const int FrameLength = 256;
    /// <summary>DFT size.</summary>
    public const int FftSize = 512;
    /// <summary>One-third-octave bands.</summary>
    public const int Bands = 15;
    /// <summary>Centre frequency of the lowest band in Hz.</summary>
    public const double MinFrequency = 150;
    /// <summary>Frames per short-time segment (384 ms).</summary>
    public const int SegmentFrames = 30;
    /// <summary>Lower signal-to-distortion bound in dB.</summary>
    public const double BetaDb = -15;
    /// <summary>Dynamic range in dB below the loudest frame beyond which frames count as silent.</summary>
    public const double DynamicRangeDb = 40;

    private const double Eps = 2.220446049250313e-16; // double machine epsilon, as in the reference code

    /// <summary>
    /// STOI of <paramref name="degraded"/> against <paramref name="clean"/>, both at <paramref name="sampleRate"/> and
    /// of equal length. Throws <see cref="ArgumentException"/> when fewer than 30 non-silent frames (≈ 0.4 s) remain.
    /// </summary>
    public static double Compute(ReadOnlySpan<float> clean, ReadOnlySpan<float> degraded, int sampleRate)
    {
        if (clean.Length != degraded.Length || clean.Length == 0)
            throw new ArgumentException($"STOI needs two non-empty signals of equal length (got {clean.Length} and {degraded.Length})");
        var x = ToDouble(sampleRate == SampleRate ? clean.ToArray() : WavAudio.Resample(clean.ToArray(), sampleRate, SampleRate));
        var y = ToDouble(sampleRate == SampleRate ? degraded.ToArray() : WavAudio.Resample(degraded.ToArray(), sampleRate, SampleRate));

        (x, y) = RemoveSilentFrames(x, y);
        var xBands = BandEnvelopes(x);
        var yBands = BandEnvelopes(y);
        int frames = xBands.GetLength(1);
        if (frames < SegmentFrames)
            throw new ArgumentException($"STOI needs at least {SegmentFrames} non-silent frames (≈ 0.4 s of audio); this clip has {frames}");

        double clip = Math.Pow(10, -BetaDb / 20);
        double total = 0;
        int segments = frames - SegmentFrames + 1;
        var xs = new double[SegmentFrames];
        var ys = new double[SegmentFrames];
        for (int m = SegmentFrames; m <= frames; m++)
            for (int j = 0; j < Bands; j++)
            {
                double xNorm = 0, yNorm = 0;
                for (int n = 0; n < SegmentFrames; n++)
                {
                    xs[n] = xBands[j, m - SegmentFrames + n];
                    ys[n] = yBands[j, m - SegmentFrames + n];
                    xNorm += xs[n] * xs[n]; yNorm += ys[n] * ys[n];
                }
                double scale = Math.Sqrt(xNorm) / (Math.Sqrt(yNorm) + Eps);
                for (int n = 0; n < SegmentFrames; n++) ys[n] = Math.Min(ys[n] * scale, xs[n] * (1 + clip));
                total += Correlation(xs, ys);
            }
        return total / (segments * (double)Bands);
    }

    /// <summary>
    /// One-third-octave band matrix <c>[band, bin]</c> (bins 0..256 of the 512-point DFT at 10 kHz): band k covers
    /// the bins from the one nearest 150·2^((2k−1)/6) Hz up to, not including, the one nearest 150·2^((2k+1)/6) Hz.
    /// </summary>
    public static double[,] ThirdOctaveBands()
    {
        int bins = FftSize / 2 + 1;
        var matrix = new double[Bands, bins];
        for (int k = 0; k < Bands; k++)
        {
            int lo = NearestBin(MinFrequency * Math.Pow(2, (2.0 * k - 1) / 6));
            int hi = NearestBin(MinFrequency * Math.Pow(2, (2.0 * k + 1) / 6));
            for (int b = lo; b < hi; b++) matrix[k, b] = 1;
        }
        return matrix;
    }

    private static int NearestBin(double hz)
    {
        int best = 0;
        for (int b = 1; b <= FftSize / 2; b++)
            if (Math.Abs(b * (double)SampleRate / FftSize - hz) < Math.Abs(best * (double)SampleRate / FftSize - hz)) best = b;
        return best;
    }

    // Hann window of the reference code: hanning(N + 2) without its two zero end points.
    private static double[] Window()
    {
        var w = new double[FrameLength];
        for (int i = 0; i < FrameLength; i++) w[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * (i + 1) / (FrameLength + 1));
        return w;
    }

    private static int FrameCount(int length) => length > FrameLength ? (length - FrameLength - 1) / (FrameLength / 2) + 1 : 0;

    /// <summary>Drops frames whose clean energy is more than 40 dB below the loudest, then overlap-adds the rest.</summary>
    private static (double[] X, double[] Y) RemoveSilentFrames(double[] x, double[] y)
    {
        var w = Window();
        int hop = FrameLength / 2, frames = FrameCount(x.Length);
        var energy = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            for (int i = 0; i < FrameLength; i++) { double v = w[i] * x[f * hop + i]; sum += v * v; }
            energy[f] = 20 * Math.Log10(Math.Sqrt(sum) + Eps);
        }
        double max = frames > 0 ? energy.Max() : 0;
        var kept = Enumerable.Range(0, frames).Where(f => max - DynamicRangeDb - energy[f] < 0).ToList();
        int length = kept.Count == 0 ? 0 : (kept.Count - 1) * hop + FrameLength;
        var xo = new double[length];
        var yo = new double[length];
        for (int i = 0; i < kept.Count; i++)
            for (int n = 0; n < FrameLength; n++)
            {
                xo[i * hop + n] += w[n] * x[kept[i] * hop + n];
                yo[i * hop + n] += w[n] * y[kept[i] * hop + n];
            }
        return (xo, yo);
    }

    /// <summary>One-third-octave band envelopes <c>[band, frame]</c>: sqrt of the summed DFT power in each band.</summary>
    private static double[,] BandEnvelopes(double[] signal)
    {
        var w = Window();
        var bands = ThirdOctaveBands();
        int hop = FrameLength / 2, frames = FrameCount(signal.Length);
        var result = new double[Bands, frames];
        var frame = new double[FrameLength];
        for (int f = 0; f < frames; f++)
        {
            for (int i = 0; i < FrameLength; i++) frame[i] = w[i] * signal[f * hop + i];
            var power = Fft.PowerSpectrum(frame, FftSize);
            for (int k = 0; k < Bands; k++)
            {
                double sum = 0;
                for (int b = 0; b < power.Length; b++) sum += bands[k, b] * power[b];
                result[k, f] = Math.Sqrt(sum);
            }
        }
        return result;
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), na = 0, nb = 0, dot = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            na += da * da; nb += db * db; dot += da * db;
        }
        // The reference divides each centred vector by (norm + eps) before the dot product.
        return dot / ((Math.Sqrt(na) + Eps) * (Math.Sqrt(nb) + Eps));
    }

    private static double[] ToDouble(float[] v)
    {
        var d = new double[v.Length];
        for (int i = 0; i < v.Length; i++) d[i] = v[i];
        return d;
    }
}
