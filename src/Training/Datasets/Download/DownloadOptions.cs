namespace NeuralAudio.Training.Datasets.Download;

/// <summary>How hard the downloader tries before it gives up.</summary>
public sealed record DownloadOptions
{
    /// <summary>Requests made for one file before giving up (a dropped connection resumes with a range request).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Pause before the second attempt; it grows linearly with each further attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A response that sends no data for this long counts as a dropped connection.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Size of each read from the network.</summary>
    public int BufferSize { get; init; } = 1 << 16;
}
