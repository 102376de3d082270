using NeuralAudio.Training.Audio;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// A clip prepared as the reference prepares ESC-50: mono, resampled to the model's rate, as int16 PCM (the reference
/// keeps int16 too, and divides by 32768 after cropping), with leading and trailing zero samples stripped.
/// </summary>
/// <param name="Clip">The row it came from.</param>
/// <param name="Samples">The prepared samples.</param>
public sealed record ClipAudio(LabelledClip Clip, short[] Samples)
{
    /// <summary>Reads and prepares <paramref name="clips"/> at <paramref name="sampleRate"/> (in parallel, order kept).</summary>
    public static IReadOnlyList<ClipAudio> Load(IReadOnlyList<LabelledClip> clips, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var loaded = new ClipAudio[clips.Count];
        try
        {
            Parallel.For(0, clips.Count, i => loaded[i] = new ClipAudio(clips[i], Prepare(WavAudio.ReadMono(clips[i].Path, sampleRate))));
        }
        catch (AggregateException e)
        {
            var first = e.InnerExceptions[0];
            if (first is AudioFileException bad) throw new ClassificationDataException(bad.FilePath, bad.Message, bad);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            throw;
        }
        return loaded;
    }

    /// <summary>Quantises to int16 and strips leading and trailing samples that are exactly zero.</summary>
    public static short[] Prepare(ReadOnlySpan<float> samples)
    {
        var pcm = SyntheticAudio.ToPcm16(samples);
        int start = 0, end = pcm.Length;
        while (start < end && pcm[start] == 0) start++;
        while (end > start && pcm[end - 1] == 0) end--;
        return pcm[start..end];
    }
}
