namespace NeuralAudio.Training.Datasets.Download;

/// <summary>What an extraction produced.</summary>
/// <param name="Files">Regular files written.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="SkippedLinks">Symbolic and hard links that were not extracted.</param>
public sealed record ExtractionResult(int Files, long Bytes, int SkippedLinks);
