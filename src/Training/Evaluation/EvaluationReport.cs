namespace NeuralAudio.Training.Evaluation;

/// <summary>One evaluated clip: metrics of the codec and of Opus, timings, plots (PNG) and audio (WAV) for the report.</summary>
public sealed record EvaluatedClip
{
    /// <summary>File name of the clip.</summary>
    public required string Name { get; init; }
    /// <summary>Evaluated length in seconds.</summary>
    public required double DurationSeconds { get; init; }
    /// <summary>Codec reconstruction metrics.</summary>
    public required ClipMetrics Codec { get; init; }
    /// <summary>Opus 6 kbps metrics.</summary>
    public required ClipMetrics Opus { get; init; }
    /// <summary>Bitrate the Opus packets took.</summary>
    public required double OpusBitrateBps { get; init; }
    /// <summary>Seconds the codec's encoder (encoder + quantizer) took.</summary>
    public required double EncodeSeconds { get; init; }
    /// <summary>Seconds the codec's decoder (code lookup + decoder) took.</summary>
    public required double DecodeSeconds { get; init; }
    /// <summary>PNG: spectrogram of the original.</summary>
    public required byte[] OriginalSpectrogram { get; init; }
    /// <summary>PNG: spectrogram of the reconstruction.</summary>
    public required byte[] ReconstructedSpectrogram { get; init; }
    /// <summary>PNG: reconstructed minus original spectrogram.</summary>
    public required byte[] DifferenceSpectrogram { get; init; }
    /// <summary>PNG: waveforms of original and reconstruction.</summary>
    public required byte[] Waveform { get; init; }
    /// <summary>WAV: original at the codec rate.</summary>
    public required byte[] OriginalWav { get; init; }
    /// <summary>WAV: codec reconstruction.</summary>
    public required byte[] ReconstructedWav { get; init; }
    /// <summary>WAV: Opus reconstruction.</summary>
    public required byte[] OpusWav { get; init; }
}

/// <summary>Everything <c>neuralaudio evaluate</c> reports.</summary>
public sealed record EvaluationReport
{
    /// <summary><c>model/variant</c> of the codec.</summary>
    public required string Model { get; init; }
    /// <summary>Checkpoint file evaluated.</summary>
    public required string Checkpoint { get; init; }
    /// <summary>Structure hash of the codec.</summary>
    public required string StructureHash { get; init; }
    /// <summary>Codec sample rate in Hz.</summary>
    public required int SampleRate { get; init; }
    /// <summary>RVQ stages used of <see cref="TotalQuantizers"/>.</summary>
    public required int NumQuantizers { get; init; }
    /// <summary>RVQ stages the codec has.</summary>
    public required int TotalQuantizers { get; init; }
    /// <summary>Entries per codebook.</summary>
    public required int CodebookSize { get; init; }
    /// <summary>Code frame rate in Hz.</summary>
    public required double FrameRateHz { get; init; }
    /// <summary>Codec bitrate: stages × ceil(log2 codebook) × frame rate.</summary>
    public required double BitrateBps { get; init; }
    /// <summary>The clips, in order.</summary>
    public required IReadOnlyList<EvaluatedClip> Clips { get; init; }
    /// <summary>When the report was made (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Total audio seconds over the total encoder seconds (× real time; above 1 is faster than real time).</summary>
    public double EncoderRealTimeFactor => Clips.Sum(c => c.DurationSeconds) / Math.Max(1e-9, Clips.Sum(c => c.EncodeSeconds));
    /// <summary>Total audio seconds over the total decoder seconds.</summary>
    public double DecoderRealTimeFactor => Clips.Sum(c => c.DurationSeconds) / Math.Max(1e-9, Clips.Sum(c => c.DecodeSeconds));
}
