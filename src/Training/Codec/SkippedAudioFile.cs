namespace NeuralAudio.Training.Codec;

/// <summary>An audio file the codec data set left out, and why (corrupt, empty, unreadable).</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">One line naming the problem.</param>
public sealed record SkippedAudioFile(string Path, string Reason);
