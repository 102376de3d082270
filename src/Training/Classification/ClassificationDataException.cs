namespace NeuralAudio.Training.Classification;

/// <summary>
/// A classification data set that cannot be used: a missing CSV, a malformed row, a row naming a missing file, or an
/// unreadable clip. The message names the file and the problem, ready to show to a user.
/// </summary>
public sealed class ClassificationDataException : Exception
{
    /// <summary>Creates the exception about <paramref name="filePath"/>.</summary>
    public ClassificationDataException(string filePath, string message, Exception? inner = null) : base(message, inner)
    {
        FilePath = filePath;
    }

    /// <summary>The CSV or audio file the problem is about.</summary>
    public string FilePath { get; }
}
