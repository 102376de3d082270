namespace NeuralAudio.Training.Classification;

/// <summary>
/// The reference's test views (ACDNet common/utils.py <c>multi_crop</c>): the clip padded by half the input length on
/// both sides, divided by 32768, then <c>n</c> crops of the input length starting every
/// <c>(padded - input) // (n - 1)</c> samples. The prediction is the argmax of the crops' mean softmax.
/// </summary>
public static class TenCrop
{
    /// <summary>The reference's crop count.</summary>
    public const int DefaultCrops = 10;

    /// <summary>The start of every crop in the padded clip of <paramref name="clipLength"/> samples.</summary>
    public static int[] Starts(int clipLength, int inputLength, int crops = DefaultCrops)
    {
        if (crops < 2) throw new ArgumentOutOfRangeException(nameof(crops), crops, "multi-crop testing needs at least 2 crops");
        int padded = clipLength + 2 * (inputLength / 2);
        if (padded < inputLength) throw new ArgumentException($"a clip of {clipLength} samples is too short for {inputLength}-sample crops");
        int stride = (padded - inputLength) / (crops - 1);
        return Enumerable.Range(0, crops).Select(i => i * stride).ToArray();
    }

    /// <summary>The crops of <paramref name="clip"/> as float samples in [-1, 1).</summary>
    public static float[][] Crops(ReadOnlySpan<short> clip, int inputLength, int crops = DefaultCrops)
    {
        var starts = Starts(clip.Length, inputLength, crops);
        var padded = new float[clip.Length + 2 * (inputLength / 2)];
        for (int i = 0; i < clip.Length; i++) padded[inputLength / 2 + i] = clip[i] / 32768f;
        return starts.Select(s => padded.AsSpan(s, inputLength).ToArray()).ToArray();
    }
}
