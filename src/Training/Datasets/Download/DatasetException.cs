namespace NeuralAudio.Training.Datasets.Download;

/// <summary>
/// A dataset operation failed for a reason the user can act on (bad URL, checksum mismatch, corrupt archive, missing key).
/// The message names the file or URL and the problem and is meant to be shown as it is.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public DatasetException(string message) : base(message) { }

    /// <summary>Creates the exception with a user-facing message and the low-level cause.</summary>
    public DatasetException(string message, Exception inner) : base(message, inner) { }
}
