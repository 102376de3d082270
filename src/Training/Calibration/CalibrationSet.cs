using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Training.Audio;

namespace NeuralAudio.Training.Calibration;

/// <summary>
/// Mono clips of a model's reference input length at its sample rate, fed to the float model to calibrate
/// activation ranges: read from every WAV file under a folder, or generated (seeded synthetic audio).
/// </summary>
public sealed class CalibrationSet
{
    private CalibrationSet(IReadOnlyList<float[]> clips, int sampleRate, int clipLength, string source)
    {
        Clips = clips; SampleRate = sampleRate; ClipLength = clipLength; Source = source;
    }

    /// <summary>The clips, each <see cref="ClipLength"/> samples in [-1, 1].</summary>
    public IReadOnlyList<float[]> Clips { get; }

    /// <summary>Sample rate of the clips (the model's).</summary>
    public int SampleRate { get; }

    /// <summary>Samples per clip (the graph's input length: a whole classifier window, several codec frames).</summary>
    public int ClipLength { get; }

    /// <summary>Where the clips came from, for manifests and summaries.</summary>
    public string Source { get; }

    /// <summary>The clip length a graph is calibrated with: its input's time extent.</summary>
    public static int ReferenceLength(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var shape = graph.Input.Shape;
        return shape[shape.Length - 1];
    }

    /// <summary>Seeded synthetic audio (chirps, harmonic tones, noise bursts) for <paramref name="graph"/>.</summary>
    public static CalibrationSet Synthetic(Graph graph, int clips, int seed)
    {
        int length = ReferenceLength(graph);
        return new CalibrationSet(SyntheticAudio.Clips(clips, length, graph.SampleRate, seed), graph.SampleRate, length,
            $"synthetic audio (seed {seed})");
    }

    /// <summary>
    /// Up to <paramref name="maxClips"/> clips from the WAV files under <paramref name="folder"/> (recursively,
    /// sorted by path): each file mixed to mono, resampled to the model rate and cut into clips of the reference
    /// length, evenly spaced through the file and at most an equal share per file so that every file contributes;
    /// a file shorter than one clip gives one zero-padded clip. Every file is checked, used or not: a corrupt WAV
    /// anywhere in the folder is an error (<see cref="AudioFileException"/> naming it), as is a folder without WAVs.
    /// </summary>
    public static CalibrationSet FromFolder(Graph graph, string folder, int maxClips)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (maxClips < 1) throw new ArgumentOutOfRangeException(nameof(maxClips), maxClips, "need at least one calibration clip");
        if (!Directory.Exists(folder))
            throw new AudioFileException(folder, File.Exists(folder)
                ? $"calibration folder {folder} is a file, not a folder of WAV files"
                : $"calibration folder {folder} does not exist");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => string.Equals(Path.GetExtension(f), ".wav", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new AudioFileException(folder, $"calibration folder {folder} holds no .wav files");
        foreach (var file in files) WavAudio.Validate(file);

        int length = ReferenceLength(graph);
        int share = (maxClips + files.Count - 1) / files.Count;
        var clips = new List<float[]>();
        foreach (var file in files)
        {
            if (clips.Count >= maxClips) break;
            var audio = WavAudio.ReadMono(file, graph.SampleRate);
            clips.AddRange(Cut(audio, length, Math.Min(share, maxClips - clips.Count)));
        }
        return new CalibrationSet(clips, graph.SampleRate, length, $"{files.Count} WAV file(s) under {folder}");
    }

    /// <summary>Clips given by the caller (already at <paramref name="sampleRate"/>, each <paramref name="clipLength"/> long).</summary>
    public static CalibrationSet FromClips(IReadOnlyList<float[]> clips, int sampleRate, int clipLength, string source)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Any(c => c.Length != clipLength)) throw new ArgumentException($"every clip must hold {clipLength} samples", nameof(clips));
        return new CalibrationSet(clips, sampleRate, clipLength, source);
    }

    private static IEnumerable<float[]> Cut(float[] audio, int length, int count)
    {
        if (count <= 0) yield break;
        if (audio.Length <= length)
        {
            var padded = new float[length];
            audio.CopyTo(padded, 0);
            yield return padded;
            yield break;
        }
        int available = audio.Length / length;
        count = Math.Min(count, available);
        int span = audio.Length - length;
        for (int j = 0; j < count; j++)
        {
            int start = count == 1 ? 0 : (int)((long)span * j / (count - 1));
            yield return audio.AsSpan(start, length).ToArray();
        }
    }
}
