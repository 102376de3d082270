using NeuralAudio.Training.Audio;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// The training audio of a codec run: every WAV and MP3 below a folder (hidden files and folders such as the
/// Xeno-canto downloader's <c>.incoming</c> left out), decoded once to mono at the model rate and held in memory.
/// A batch is a deterministic function of (seed, step): each epoch visits the files in a seeded shuffle, and each
/// example is a random chunk of one file (zero-padded when the file is shorter), peak-normalised.
/// </summary>
public sealed class CodecAudioDataset
{
    private readonly List<float[]> _clips;

    private CodecAudioDataset(string folder, int sampleRate, List<string> files, List<float[]> clips, List<SkippedAudioFile> skipped)
    {
        Folder = folder; SampleRate = sampleRate; Files = files; _clips = clips; Skipped = skipped;
        TotalSeconds = clips.Sum(c => (double)c.Length) / sampleRate;
    }

    /// <summary>The folder the audio came from.</summary>
    public string Folder { get; }
    /// <summary>Sample rate of the held audio (the model's).</summary>
    public int SampleRate { get; }
    /// <summary>Files in use, sorted.</summary>
    public IReadOnlyList<string> Files { get; }
    /// <summary>Files left out, with the reason.</summary>
    public IReadOnlyList<SkippedAudioFile> Skipped { get; }
    /// <summary>Seconds of audio in use.</summary>
    public double TotalSeconds { get; }

    /// <summary>
    /// Loads every usable file below <paramref name="folder"/>. A file that cannot be read is skipped and reported once
    /// through <paramref name="warn"/>; a missing folder, or one without a single usable file, throws
    /// <see cref="AudioFileException"/> naming the folder.
    /// </summary>
    public static CodecAudioDataset Load(string folder, int sampleRate, Action<SkippedAudioFile>? warn = null,
        Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        if (!Directory.Exists(folder))
            throw new AudioFileException(folder, File.Exists(folder)
                ? $"audio folder {folder} is a file, not a folder"
                : $"audio folder {folder} does not exist");
        var candidates = FindAudioFiles(folder);
        var files = new List<string>();
        var clips = new List<float[]>();
        var skipped = new List<SkippedAudioFile>();
        for (int i = 0; i < candidates.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Invoke(i, candidates.Count);
            try
            {
                clips.Add(CodecAudioReader.ReadMono(candidates[i], sampleRate));
                files.Add(candidates[i]);
            }
            catch (Exception e) when (e is AudioFileException or IOException or UnauthorizedAccessException)
            {
                var skip = new SkippedAudioFile(candidates[i], e.Message);
                skipped.Add(skip);
                warn?.Invoke(skip);
            }
        }
        progress?.Invoke(candidates.Count, candidates.Count);
        if (clips.Count == 0)
        {
            string why = candidates.Count == 0
                ? $"no WAV or MP3 files in audio folder {folder}"
                : $"none of the {candidates.Count} audio file(s) in {folder} could be read ({skipped.Count} skipped)";
            throw new AudioFileException(folder, why);
        }
        return new CodecAudioDataset(folder, sampleRate, files, clips, skipped);
    }

    /// <summary>A data set over clips already in memory (tests, benchmarks, synthetic audio).</summary>
    public static CodecAudioDataset FromClips(IReadOnlyList<float[]> clips, int sampleRate, string name = "(in memory)")
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0 || clips.Any(c => c.Length == 0)) throw new ArgumentException("need at least one non-empty clip", nameof(clips));
        return new CodecAudioDataset(name, sampleRate, clips.Select((_, i) => $"{name}#{i}").ToList(), clips.ToList(), new List<SkippedAudioFile>());
    }

    /// <summary>Batches in one pass over the files (the last one wraps round).</summary>
    public int BatchesPerEpoch(int batchSize) => (_clips.Count + batchSize - 1) / batchSize;

    /// <summary>The epoch <paramref name="step"/> falls in.</summary>
    public int EpochOf(long step, int batchSize) => (int)(step / BatchesPerEpoch(batchSize));

    /// <summary>
    /// The batch (B, 1, <paramref name="chunkSamples"/>) of training step <paramref name="step"/>: the same for the same
    /// seed and step, whatever happened before, so a resumed run sees the same data.
    /// </summary>
    public Tensor Batch(long step, int batchSize, int chunkSamples, int seed)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
        if (chunkSamples < 1) throw new ArgumentOutOfRangeException(nameof(chunkSamples), chunkSamples, "must be at least 1");
        int perEpoch = BatchesPerEpoch(batchSize);
        long epoch = step / perEpoch;
        int offset = (int)(step % perEpoch) * batchSize;
        var order = Shuffle(epoch, seed);
        var random = new Random(DerivedSeed.Of(seed, step, 0xda7a));
        var data = new float[batchSize * chunkSamples];
        for (int b = 0; b < batchSize; b++)
        {
            var clip = _clips[order[(offset + b) % order.Length]];
            var chunk = data.AsSpan(b * chunkSamples, chunkSamples);
            if (clip.Length <= chunkSamples)
                clip.CopyTo(chunk);
            else
                clip.AsSpan(random.Next(clip.Length - chunkSamples + 1), chunkSamples).CopyTo(chunk);
            PeakNormalise(chunk);
        }
        return tensor(data).reshape(batchSize, 1, chunkSamples);
    }

    /// <summary>Equal-length clips as a (B, 1, L) batch, each peak-normalised like a training chunk.</summary>
    public static Tensor NormalisedBatch(IReadOnlyList<float[]> clips)
    {
        int length = clips[0].Length;
        var data = new float[clips.Count * length];
        for (int i = 0; i < clips.Count; i++)
        {
            if (clips[i].Length != length) throw new ArgumentException($"clip {i} has {clips[i].Length} samples, clip 0 has {length}", nameof(clips));
            clips[i].CopyTo(data, i * length);
            PeakNormalise(data.AsSpan(i * length, length));
        }
        return tensor(data).reshape(clips.Count, 1, length);
    }

    /// <summary>Scales <paramref name="chunk"/> so its largest magnitude is 0.95; silence stays silence.</summary>
    public static void PeakNormalise(Span<float> chunk)
    {
        float peak = 0;
        foreach (var v in chunk) peak = Math.Max(peak, Math.Abs(v));
        if (peak < 1e-5f) return;
        float gain = 0.95f / peak;
        for (int i = 0; i < chunk.Length; i++) chunk[i] *= gain;
    }

    private int[] Shuffle(long epoch, int seed)
    {
        var order = Enumerable.Range(0, _clips.Count).ToArray();
        new Random(DerivedSeed.Of(seed, epoch, 0x5f1e)).Shuffle(order);
        return order;
    }

    private static List<string> FindAudioFiles(string folder)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
                if (!Path.GetFileName(sub).StartsWith('.')) pending.Push(sub);
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith('.')) continue; // temp files of atomic writers, .incoming downloads
                if (CodecAudioReader.Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    found.Add(file);
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
