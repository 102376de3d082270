namespace NeuralAudio.Training.Checkpoints;

/// <summary>
/// A checkpoint that cannot be used: missing, truncated, corrupt, or trained for another model structure.
/// The message names the file and the problem, ready to show to a user.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    public CheckpointException(string filePath, string message, Exception? inner = null) : base(message, inner)
    {
        FilePath = filePath;
    }

    /// <summary>The checkpoint file the problem is about.</summary>
    public string FilePath { get; }
}
