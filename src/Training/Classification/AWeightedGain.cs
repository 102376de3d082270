using NeuralAudio.Training.Evaluation;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// The loudness that between-class mixing balances, as the BC-learning reference computes it (common/utils.py
/// <c>a_weight</c> and <c>compute_gain</c>): frames of <c>n_fft</c> samples with hop <c>n_fft/2</c>, a periodic Hann
/// window, the power spectrum weighted by the A-curve (floored at -80 dB), summed, floored at -80 dB, in dB.
/// </summary>
public static class AWeightedGain
{
    /// <summary>The floor of the A-weighting curve and of a frame's power, in dB.</summary>
    public const double MinDb = -80.0;

    /// <summary>The reference's FFT size: 2048 at 16 and 20 kHz, 4096 at 44.1 kHz (here: 4096 from 32 kHz up).</summary>
    public static int FftSize(int sampleRate) => sampleRate >= 32000 ? 4096 : 2048;

    /// <summary>The A-weighting curve in dB at the <c>n_fft/2+1</c> bin frequencies <c>linspace(0, fs//2, n_fft/2+1)</c>.</summary>
    public static double[] WeightsDb(int sampleRate, int fftSize)
    {
        int bins = fftSize / 2 + 1;
        var weights = new double[bins];
        double top = sampleRate / 2; // fs // 2
        for (int k = 0; k < bins; k++)
        {
            double f = top * k / (bins - 1);
            double f2 = k == 0 ? 1.0 : f * f; // the reference sets freq_sq[0] = 1
            double w = 2.0 + 20.0 * (2 * Math.Log10(12194) + 2 * Math.Log10(f2)
                - Math.Log10(f2 + 12194.0 * 12194.0)
                - Math.Log10(f2 + 20.6 * 20.6)
                - 0.5 * Math.Log10(f2 + 107.7 * 107.7)
                - 0.5 * Math.Log10(f2 + 737.9 * 737.9));
            weights[k] = Math.Max(w, MinDb);
        }
        return weights;
    }

    /// <summary>The A-weighted power of every frame, in dB (empty when the sound is shorter than one frame).</summary>
    public static double[] FrameGainsDb(ReadOnlySpan<float> sound, int sampleRate)
    {
        int n = FftSize(sampleRate), hop = n / 2;
        var weights = WeightsDb(sampleRate, n);
        var linear = weights.Select(w => Math.Pow(10, w / 10)).ToArray();
        var window = new double[n];
        for (int i = 0; i < n; i++) window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n); // np.hanning(n + 1)[:-1]
        var gains = new List<double>();
        var re = new double[n];
        var im = new double[n];
        for (int start = 0; start + n <= sound.Length; start += hop)
        {
            for (int i = 0; i < n; i++) { re[i] = window[i] * sound[start + i]; im[i] = 0; }
            Fft.Forward(re, im);
            double power = 0;
            for (int k = 0; k < linear.Length; k++) power += (re[k] * re[k] + im[k] * im[k]) * linear[k];
            gains.Add(10 * Math.Log10(Math.Max(power, Math.Pow(10, MinDb / 10))));
        }
        return gains.ToArray();
    }

    /// <summary>The clip's gain: the loudest frame's A-weighted power in dB (the floor when no full frame fits).</summary>
    public static double Of(ReadOnlySpan<float> sound, int sampleRate)
    {
        var frames = FrameGainsDb(sound, sampleRate);
        return frames.Length == 0 ? MinDb : frames.Max();
    }
}
