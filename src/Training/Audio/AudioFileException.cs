namespace NeuralAudio.Training.Audio;

/// <summary>
/// Audio that cannot be used: a missing or empty folder, an unreadable, corrupt or truncated WAV file. The message
/// names the file or folder and the problem.
/// </summary>
public sealed class AudioFileException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public AudioFileException(string path, string message, Exception? inner = null) : base(message, inner)
    {
        FilePath = path;
    }

    /// <summary>The file or folder the problem is about.</summary>
    public string FilePath { get; }
}
