namespace NeuralAudio.Training.Evaluation;

/// <summary>
/// Scale-invariant signal-to-distortion ratio in dB (Le Roux et al. 2019): both signals made zero-mean, the target is
/// the projection α·s of the estimate onto the reference, SI-SDR = 10 log10(‖α s‖² / ‖α s − ŝ‖²). Higher is better;
/// a scaled copy gives +∞ (capped at <see cref="MaxDb"/>).
/// </summary>
public static class SiSdr
{
    /// <summary>The value returned when the distortion vanishes (an exact scaled copy).</summary>
    public const double MaxDb = 200;

    /// <summary>SI-SDR of <paramref name="estimate"/> against <paramref name="reference"/> (equal lengths).</summary>
    public static double Compute(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate)
    {
        if (reference.Length != estimate.Length || reference.Length == 0)
            throw new ArgumentException($"SI-SDR needs two non-empty signals of equal length (got {reference.Length} and {estimate.Length})");
        double meanS = 0, meanE = 0;
        for (int i = 0; i < reference.Length; i++) { meanS += reference[i]; meanE += estimate[i]; }
        meanS /= reference.Length; meanE /= reference.Length;
        double dot = 0, energy = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double s = reference[i] - meanS, e = estimate[i] - meanE;
            dot += s * e; energy += s * s;
        }
        if (energy == 0) throw new ArgumentException("SI-SDR is undefined for a silent (constant) reference");
        double alpha = dot / energy, target = 0, noise = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double t = alpha * (reference[i] - meanS), d = t - (estimate[i] - meanE);
            target += t * t; noise += d * d;
        }
        if (noise <= target * 1e-20) return MaxDb;
        if (target == 0) return -MaxDb;
        return Math.Clamp(10 * Math.Log10(target / noise), -MaxDb, MaxDb);
    }
}
