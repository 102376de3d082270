namespace NeuralAudio.Training.Classification;

/// <summary>
/// Between-class (BC) mixing as the BC-learning reference does it (Tokozume et al. 2018; ACDNet's common/utils.py
/// <c>mix</c>): two clips of different classes are mixed with a ratio corrected by their A-weighted gains, so that the
/// perceived share of clip 1 is <c>r</c>, and the label is <c>r*e1 + (1-r)*e2</c>.
/// </summary>
public static class BetweenClassMixing
{
    /// <summary>
    /// The waveform coefficient of clip 1: <c>t = 1 / (1 + 10^((g1-g2)/20) * (1-r)/r)</c>. Equal gains give
    /// <c>t = r</c>; a louder clip 1 gets a smaller coefficient. <c>r = 0</c> gives 0.
    /// </summary>
    public static double MixRatio(double gain1Db, double gain2Db, double r)
    {
        if (r < 0 || r > 1) throw new ArgumentOutOfRangeException(nameof(r), r, "the mixing ratio is a fraction in [0, 1]");
        if (r == 0) return 0;
        return 1.0 / (1 + Math.Pow(10, (gain1Db - gain2Db) / 20.0) * (1 - r) / r);
    }

    /// <summary><c>(t*s1 + (1-t)*s2) / sqrt(t^2 + (1-t)^2)</c> with <c>t</c> from <see cref="MixRatio"/> on the clips' gains.</summary>
    public static float[] Mix(ReadOnlySpan<float> sound1, ReadOnlySpan<float> sound2, double r, int sampleRate)
    {
        if (sound1.Length != sound2.Length) throw new ArgumentException($"mixed clips must have one length, got {sound1.Length} and {sound2.Length}");
        double t = MixRatio(AWeightedGain.Of(sound1, sampleRate), AWeightedGain.Of(sound2, sampleRate), r);
        double norm = Math.Sqrt(t * t + (1 - t) * (1 - t));
        var mixed = new float[sound1.Length];
        for (int i = 0; i < mixed.Length; i++) mixed[i] = (float)((sound1[i] * t + sound2[i] * (1 - t)) / norm);
        return mixed;
    }

    /// <summary>The soft label <c>r*e(label1) + (1-r)*e(label2)</c> over <paramref name="classes"/> classes.</summary>
    public static float[] SoftLabel(int label1, int label2, double r, int classes)
    {
        var label = new float[classes];
        label[label1] += (float)r;
        label[label2] += (float)(1 - r);
        return label;
    }
}
