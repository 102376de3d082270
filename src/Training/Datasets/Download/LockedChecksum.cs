namespace NeuralAudio.Training.Datasets.Download;

/// <summary>A checksum recorded by <c>--trust-on-first-download</c> for a dataset that datasets.json does not pin.</summary>
public sealed record LockedChecksum
{
    /// <summary>The URL the archive was downloaded from.</summary>
    public required string Url { get; init; }

    /// <summary>SHA-256 of what was downloaded.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Size in bytes of what was downloaded.</summary>
    public long Size { get; init; }

    /// <summary>When it was recorded (UTC).</summary>
    public DateTimeOffset RecordedAt { get; init; }
}
