namespace NeuralAudio.Training.Classification;

/// <summary>
/// The reference's training-time transforms (ACDNet common/utils.py): random time-scale by <c>max^U(-1,1)</c> with
/// linear interpolation, zero padding of half the input length on both sides, a random crop to the input length,
/// division by 32768, and a random gain of up to +-<c>db</c> dB.
/// </summary>
public static class ClipAugmentation
{
    /// <summary>Resamples by <paramref name="scale"/> with the reference's linear interpolation (<c>int(len*scale)</c> samples).</summary>
    public static float[] TimeScale(ReadOnlySpan<short> sound, double scale)
    {
        int size = (int)(sound.Length * scale);
        var scaled = new float[size];
        int last = sound.Length - 1;
        for (int i = 0; i < size; i++)
        {
            double position = i / scale;
            int left = (int)position;
            int right = Math.Min(left + 1, last);
            double r = position - left;
            scaled[i] = (float)(sound[left] * (1 - r) + sound[right] * r);
        }
        return scaled;
    }

    /// <summary>Zeros on both sides: <paramref name="pad"/> before and after.</summary>
    public static float[] Pad(ReadOnlySpan<float> sound, int pad)
    {
        var padded = new float[sound.Length + 2 * pad];
        sound.CopyTo(padded.AsSpan(pad));
        return padded;
    }

    /// <summary>A crop of <paramref name="size"/> samples starting at a uniform position (whole positions, both ends included).</summary>
    public static float[] RandomCrop(ReadOnlySpan<float> sound, int size, Random random)
    {
        if (sound.Length < size) throw new ArgumentException($"cannot crop {size} samples from {sound.Length}");
        int start = random.Next(sound.Length - size + 1);
        return sound.Slice(start, size).ToArray();
    }

    /// <summary>
    /// One training view of a clip: time-scale (when <paramref name="maxScale"/> &gt; 1), pad by half the input length,
    /// random crop, divide by 32768.
    /// </summary>
    public static float[] Preprocess(ReadOnlySpan<short> clip, int inputLength, double maxScale, Random random)
    {
        float[] scaled = maxScale > 1
            ? TimeScale(clip, Math.Pow(maxScale, random.NextDouble() * 2 - 1))
            : TimeScale(clip, 1.0);
        var padded = Pad(scaled, inputLength / 2);
        var crop = RandomCrop(padded, inputLength, random);
        for (int i = 0; i < crop.Length; i++) crop[i] /= 32768f;
        return crop;
    }

    /// <summary>Multiplies by <c>10^(U(-db, db)/20)</c> in place.</summary>
    public static void RandomGain(Span<float> sound, double db, Random random)
    {
        if (db <= 0) return;
        float gain = (float)Math.Pow(10, (random.NextDouble() * 2 - 1) * db / 20.0);
        for (int i = 0; i < sound.Length; i++) sound[i] *= gain;
    }
}
