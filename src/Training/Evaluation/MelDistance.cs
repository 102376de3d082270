namespace NeuralAudio.Training.Evaluation;

/// <summary>
/// Mel distance: mean absolute difference of log10 mel energies (80 HTK mel bands, FFT 1024, Hann window 1024, hop
/// 256, energies floored at 1e-5). 0 for identical signals; lower is better.
/// </summary>
public static class MelDistance
{
    private const int FftSize = 1024, Hop = 256, Bands = 80;
    private const double Floor = 1e-5;

    /// <summary>The distance between <paramref name="reference"/> and <paramref name="estimate"/> at <paramref name="sampleRate"/> (equal lengths).</summary>
    public static double Compute(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate, int sampleRate)
    {
        if (reference.Length != estimate.Length || reference.Length == 0)
            throw new ArgumentException($"mel distance needs two non-empty signals of equal length (got {reference.Length} and {estimate.Length})");
        var filters = MelFilterBank.Create(Bands, FftSize, sampleRate);
        var s = MelFilterBank.Apply(filters, Spectrogram.Power(reference, FftSize, FftSize, Hop));
        var e = MelFilterBank.Apply(filters, Spectrogram.Power(estimate, FftSize, FftSize, Hop));
        double sum = 0;
        long count = 0;
        for (int f = 0; f < s.Length; f++)
            for (int b = 0; b < Bands; b++)
            {
                sum += Math.Abs(Math.Log10(Math.Max(s[f][b], Floor)) - Math.Log10(Math.Max(e[f][b], Floor)));
                count++;
            }
        return sum / count;
    }
}
