namespace NeuralAudio.Training.Evaluation;

/// <summary>The quality metrics of one reconstruction against its original.</summary>
/// <param name="SiSdrDb">SI-SDR in dB (higher is better).</param>
/// <param name="StftDistance">Multi-resolution STFT distance (lower is better).</param>
/// <param name="MelDistance">Log-mel L1 distance (lower is better).</param>
/// <param name="LogSpectralDistanceDb">Log-spectral distance in dB (lower is better).</param>
/// <param name="Stoi">STOI in [0, 1] (higher is better); NaN when the clip is too short for it.</param>
public sealed record ClipMetrics(double SiSdrDb, double StftDistance, double MelDistance, double LogSpectralDistanceDb, double Stoi)
{
    /// <summary>All metrics of <paramref name="estimate"/> against <paramref name="reference"/> at <paramref name="sampleRate"/>.</summary>
    public static ClipMetrics Measure(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate, int sampleRate)
    {
        double stoi;
        try { stoi = Evaluation.Stoi.Compute(reference, estimate, sampleRate); }
        catch (ArgumentException) { stoi = double.NaN; } // fewer than 30 non-silent frames
        return new ClipMetrics(
            SiSdr.Compute(reference, estimate),
            MultiResolutionStftDistance.Compute(reference, estimate),
            Evaluation.MelDistance.Compute(reference, estimate, sampleRate),
            LogSpectralDistance.Compute(reference, estimate),
            stoi);
    }
}
