namespace NeuralAudio.Training.Classification;

/// <summary>The outcome of training one fold.</summary>
/// <param name="Fold">The held-out fold.</param>
/// <param name="Epochs">Epochs completed (all of them for a finished fold).</param>
/// <param name="FinalAccuracy">Held-out accuracy after the last epoch.</param>
/// <param name="BestAccuracy">Best held-out accuracy of any evaluated epoch.</param>
/// <param name="BestEpoch">The epoch of <paramref name="BestAccuracy"/>.</param>
/// <param name="Elapsed">Wall time spent by this run on the fold (zero when it was already complete).</param>
/// <param name="LastCheckpoint">The fold's last checkpoint.</param>
/// <param name="BestCheckpoint">The fold's best checkpoint.</param>
/// <param name="FirstEpoch">The epoch this run started at (greater than 1 when resumed).</param>
public sealed record FoldResult(int Fold, int Epochs, double? FinalAccuracy, double BestAccuracy, int BestEpoch, TimeSpan Elapsed,
    string LastCheckpoint, string BestCheckpoint, int FirstEpoch);
