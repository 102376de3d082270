namespace NeuralAudio.Training.Datasets.Download;

/// <summary>What one download did.</summary>
/// <param name="Path">The complete file.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="BytesTransferred">Bytes received by this run (less than <paramref name="Length"/> after a resume).</param>
/// <param name="ResumedFrom">The offset the first successful range request started from, or null when none resumed.</param>
/// <param name="Requests">HTTP requests made.</param>
public sealed record DownloadResult(string Path, long Length, long BytesTransferred, long? ResumedFrom, int Requests);
