namespace NeuralAudio.Training.Evaluation;

/// <summary>
/// Log-spectral distance in dB: per frame, the root mean square over frequency bins of 10 log10(P) − 10 log10(P̂)
/// (power spectra, FFT 1024, Hann window 1024, hop 256, powers floored at 1e-10), averaged over frames.
/// 0 for identical signals; lower is better.
/// </summary>
public static class LogSpectralDistance
{
    private const int FftSize = 1024, Hop = 256;
    private const double Floor = 1e-10;

    /// <summary>The distance between <paramref name="reference"/> and <paramref name="estimate"/> (equal lengths).</summary>
    public static double Compute(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate)
    {
        if (reference.Length != estimate.Length || reference.Length == 0)
            throw new ArgumentException($"log-spectral distance needs two non-empty signals of equal length (got {reference.Length} and {estimate.Length})");
        var s = Spectrogram.Power(reference, FftSize, FftSize, Hop);
        var e = Spectrogram.Power(estimate, FftSize, FftSize, Hop);
        double total = 0;
        for (int f = 0; f < s.Length; f++)
        {
            double sum = 0;
            for (int k = 0; k < s[f].Length; k++)
            {
                double d = 10 * Math.Log10(Math.Max(s[f][k], Floor)) - 10 * Math.Log10(Math.Max(e[f][k], Floor));
                sum += d * d;
            }
            total += Math.Sqrt(sum / s[f].Length);
        }
        return total / s.Length;
    }
}
