namespace NeuralAudio.Training.Evaluation;

/// <summary>
/// Multi-resolution STFT distance (Yamamoto et al., Parallel WaveGAN): for FFT sizes 512, 1024 and 2048 (Hann window
/// of the FFT size, hop a quarter of it), spectral convergence ‖|S| − |Ŝ|‖_F / ‖|S|‖_F plus the mean absolute
/// difference of log magnitudes, averaged over the resolutions. 0 for identical signals; lower is better.
/// </summary>
public static class MultiResolutionStftDistance
{
    /// <summary>The FFT sizes averaged over.</summary>
    public static readonly int[] FftSizes = [512, 1024, 2048];

    private const double Floor = 1e-7; // magnitude floor before the log, so silence does not dominate

    /// <summary>The distance between <paramref name="reference"/> and <paramref name="estimate"/> (equal lengths).</summary>
    public static double Compute(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate)
    {
        if (reference.Length != estimate.Length || reference.Length == 0)
            throw new ArgumentException($"STFT distance needs two non-empty signals of equal length (got {reference.Length} and {estimate.Length})");
        double total = 0;
        foreach (int n in FftSizes)
        {
            var s = Spectrogram.Power(reference, n, n, n / 4);
            var e = Spectrogram.Power(estimate, n, n, n / 4);
            double diff2 = 0, ref2 = 0, logL1 = 0;
            long count = 0;
            for (int f = 0; f < s.Length; f++)
                for (int k = 0; k < s[f].Length; k++)
                {
                    double a = Math.Sqrt(s[f][k]), b = Math.Sqrt(e[f][k]);
                    diff2 += (a - b) * (a - b);
                    ref2 += a * a;
                    logL1 += Math.Abs(Math.Log(Math.Max(a, Floor)) - Math.Log(Math.Max(b, Floor)));
                    count++;
                }
            double convergence = ref2 > 0 ? Math.Sqrt(diff2 / ref2) : (diff2 > 0 ? 1 : 0);
            total += convergence + logL1 / count;
        }
        return total / FftSizes.Length;
    }
}
