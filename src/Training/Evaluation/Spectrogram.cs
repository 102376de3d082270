namespace NeuralAudio.Training.Evaluation;

/// <summary>Short-time power spectra with a periodic Hann window (frames that fit entirely in the signal).</summary>
public static class Spectrogram
{
    /// <summary>Periodic Hann window of <paramref name="length"/> samples.</summary>
    public static double[] Hann(int length)
    {
        var w = new double[length];
        for (int i = 0; i < length; i++) w[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / length);
        return w;
    }

    /// <summary>
    /// Power spectra <c>[frame][bin]</c> (bins 0..fftSize/2) of Hann-windowed frames of <paramref name="window"/>
    /// samples every <paramref name="hop"/>; a signal shorter than one window gives one zero-padded frame.
    /// </summary>
    public static double[][] Power(ReadOnlySpan<float> signal, int fftSize, int window, int hop)
    {
        if (window > fftSize || hop < 1) throw new ArgumentException($"window {window} must fit FFT {fftSize} and hop {hop} be positive");
        var w = Hann(window);
        int frames = signal.Length <= window ? 1 : 1 + (signal.Length - window) / hop;
        var result = new double[frames][];
        var frame = new double[window];
        for (int f = 0; f < frames; f++)
        {
            int start = f * hop;
            for (int i = 0; i < window; i++)
                frame[i] = start + i < signal.Length ? signal[start + i] * w[i] : 0;
            result[f] = Fft.PowerSpectrum(frame, fftSize);
        }
        return result;
    }
}
