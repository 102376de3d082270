using MathNet.Numerics.IntegralTransforms;

namespace NeuralAudio.Training.Evaluation;

/// <summary>
/// Spectra for the evaluation metrics, plots and mixing gains, over MathNet.Numerics' FFT. MathNet scales by
/// 1/sqrt(N) by default; <see cref="FourierOptions.Matlab"/> gives the unscaled forward transform these formulas assume.
/// </summary>
public static class Fft
{
    /// <summary>Unscaled forward transform of (<paramref name="re"/>, <paramref name="im"/>) in place; any length.</summary>
    public static void Forward(double[] re, double[] im)
    {
        ArgumentNullException.ThrowIfNull(re);
        ArgumentNullException.ThrowIfNull(im);
        if (re.Length != im.Length || re.Length == 0)
            throw new ArgumentException($"FFT parts must be non-empty and equal in length, got {re.Length} and {im.Length}");
        Fourier.Forward(re, im, FourierOptions.Matlab);
    }

    /// <summary>Squared magnitudes |X[k]|² of the real frame <paramref name="frame"/> zero-padded to <paramref name="fftSize"/>, bins 0..fftSize/2.</summary>
    public static double[] PowerSpectrum(ReadOnlySpan<double> frame, int fftSize)
    {
        if (frame.Length > fftSize) throw new ArgumentException($"frame of {frame.Length} is longer than the FFT size {fftSize}");
        var re = new double[fftSize];
        var im = new double[fftSize];
        frame.CopyTo(re);
        Forward(re, im);
        var power = new double[fftSize / 2 + 1];
        for (int k = 0; k < power.Length; k++) power[k] = re[k] * re[k] + im[k] * im[k];
        return power;
    }
}
