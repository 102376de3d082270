namespace NeuralAudio.Runtime.Serialization;

/// <summary>A <c>.naw</c> file that cannot be used: missing, truncated, corrupt, or of another format version.</summary>
public sealed class QuantizedModelFileException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    public QuantizedModelFileException(string filePath, string message, Exception? inner = null) : base(message, inner)
    {
        FilePath = filePath;
    }

    /// <summary>The file the problem is about.</summary>
    public string FilePath { get; }
}
