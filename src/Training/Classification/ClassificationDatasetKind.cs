namespace NeuralAudio.Training.Classification;

/// <summary>Which labelled clips a classifier trains on.</summary>
public enum ClassificationDatasetKind
{
    /// <summary>All 50 ESC-50 classes (targets as in <c>meta/esc50.csv</c>).</summary>
    Esc50,

    /// <summary>The ten ESC-10 classes marked in the <c>esc10</c> column, relabelled 0-9 in ascending target order.</summary>
    Esc10,

    /// <summary>A user's own clips: a CSV of <c>filename,fold,target,category</c>.</summary>
    Csv,
}
