namespace NeuralAudio.Training.Codec;

/// <summary>
/// The codes of one clip plus what a decoder needs to check and undo them: the codec's model id, variant and
/// structure hash, sample rate, hop, codebook size and the clip's original length. Written and read by
/// <see cref="CodeStreamWriter"/> and <see cref="CodeStreamReader"/>; the file format is in docs/code-stream.md.
/// </summary>
public sealed class CodeStream
{
    /// <summary>Creates a stream; <paramref name="codes"/> is <c>[quantizer, frame]</c>.</summary>
    public CodeStream(string modelId, string variant, string structureHash, int sampleRate, int hopSamples, int codebookSize,
        long sampleCount, int[,] codes)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        ArgumentException.ThrowIfNullOrEmpty(variant);
        ArgumentException.ThrowIfNullOrEmpty(structureHash);
        ArgumentNullException.ThrowIfNull(codes);
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "must be positive");
        if (hopSamples <= 0) throw new ArgumentOutOfRangeException(nameof(hopSamples), hopSamples, "must be positive");
        if (codebookSize < 2) throw new ArgumentOutOfRangeException(nameof(codebookSize), codebookSize, "must be at least 2");
        int nq = codes.GetLength(0), frames = codes.GetLength(1);
        if (nq < 1 || nq > ushort.MaxValue) throw new ArgumentException($"{nq} quantizer stages: must be 1..{ushort.MaxValue}", nameof(codes));
        if (sampleCount < 0 || sampleCount > (long)frames * hopSamples)
            throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, $"{frames} frames of {hopSamples} samples hold at most {(long)frames * hopSamples} samples");
        foreach (int code in codes)
            if (code < 0 || code >= codebookSize)
                throw new ArgumentException($"code {code} is outside the codebook (0..{codebookSize - 1})", nameof(codes));
        ModelId = modelId; Variant = variant; StructureHash = structureHash; SampleRate = sampleRate; HopSamples = hopSamples;
        CodebookSize = codebookSize; SampleCount = sampleCount; Codes = codes;
    }

    /// <summary>Model id, e.g. <c>tinystream</c>.</summary>
    public string ModelId { get; }
    /// <summary>Variant name (informative: compatibility is decided by <see cref="StructureHash"/>).</summary>
    public string Variant { get; }
    /// <summary>Structure hash of the codec graph that produced the codes.</summary>
    public string StructureHash { get; }
    /// <summary>Audio sample rate in Hz.</summary>
    public int SampleRate { get; }
    /// <summary>Samples per code frame.</summary>
    public int HopSamples { get; }
    /// <summary>Entries per codebook.</summary>
    public int CodebookSize { get; }
    /// <summary>Samples of the original clip (the decoded audio is trimmed to this).</summary>
    public long SampleCount { get; }
    /// <summary>Codes <c>[quantizer, frame]</c>.</summary>
    public int[,] Codes { get; }

    /// <summary>RVQ stages in the stream.</summary>
    public int NumQuantizers => Codes.GetLength(0);
    /// <summary>Code frames in the stream.</summary>
    public int FrameCount => Codes.GetLength(1);
    /// <summary>Bits each code occupies in the file: ceil(log2 <see cref="CodebookSize"/>).</summary>
    public int BitsPerCode => BitPacking.BitsFor(CodebookSize);
    /// <summary><c>model/variant</c>.</summary>
    public string FullName => ModelId + "/" + Variant;
    /// <summary>Payload bitrate in bits per second: stages × bits per code × frame rate.</summary>
    public double BitrateBps => (double)NumQuantizers * BitsPerCode * SampleRate / HopSamples;
}
