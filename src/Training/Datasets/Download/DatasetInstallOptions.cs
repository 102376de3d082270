namespace NeuralAudio.Training.Datasets.Download;

/// <summary>Settings for <see cref="DatasetInstaller"/>.</summary>
public sealed record DatasetInstallOptions
{
    /// <summary>The folder datasets are installed under.</summary>
    public required string Destination { get; init; }

    /// <summary>
    /// For a dataset without a pinned SHA-256 and without an entry in the lock file: download anyway and record the
    /// SHA-256 seen in <c>datasets.lock.json</c>. Without it such a dataset is refused before any request.
    /// </summary>
    public bool TrustOnFirstDownload { get; init; }

    /// <summary>Keep the archive after a successful extraction (it is deleted by default).</summary>
    public bool KeepArchives { get; init; }

    /// <summary>Retry and timeout settings for downloads.</summary>
    public DownloadOptions Download { get; init; } = new();

    /// <summary>Called before each archive entry is written (tests inject failures and cancellations here).</summary>
    internal Func<string, CancellationToken, ValueTask>? BeforeExtractEntry { get; init; }
}
