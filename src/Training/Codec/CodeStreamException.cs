namespace NeuralAudio.Training.Codec;

/// <summary>A code stream file that cannot be read or does not fit the codec; the message names the file.</summary>
public sealed class CodeStreamException : Exception
{
    /// <summary>An error about <paramref name="filePath"/>.</summary>
    public CodeStreamException(string filePath, string message, Exception? inner = null) : base(message, inner) => FilePath = filePath;

    /// <summary>The file (or source name) the error is about.</summary>
    public string FilePath { get; }
}
