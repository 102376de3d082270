namespace NeuralAudio.Training.Classification;

/// <summary>One row of a classification data set: where the clip is, its fold, its label (0-based) and class name.</summary>
/// <param name="Path">Full path of the audio file.</param>
/// <param name="FileName">The file name as the CSV gives it (clip identity across folds).</param>
/// <param name="Fold">Cross-validation fold.</param>
/// <param name="Label">Class index the model is trained on (ESC-10 targets relabelled 0-9).</param>
/// <param name="Category">Class name.</param>
public sealed record LabelledClip(string Path, string FileName, int Fold, int Label, string Category);
