namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>An audio file could not be decoded (not an MP3 or WAV, or broken).</summary>
public sealed class CorruptAudioException : Exception
{
    /// <summary>Creates the exception with a message that names the problem.</summary>
    public CorruptAudioException(string message, Exception? inner = null) : base(message, inner) { }
}
