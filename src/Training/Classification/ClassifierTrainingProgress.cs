namespace NeuralAudio.Training.Classification;

/// <summary>One finished epoch of classifier training.</summary>
/// <param name="Fold">The held-out fold.</param>
/// <param name="Epoch">The 1-based epoch just finished.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="LearningRate">The rate the epoch trained at.</param>
/// <param name="TrainLoss">Mean KL-divergence loss over its batches.</param>
/// <param name="TestAccuracy">Held-out multi-crop accuracy, when the epoch evaluated.</param>
/// <param name="BestAccuracy">Best held-out accuracy so far.</param>
/// <param name="BestEpoch">The epoch of <paramref name="BestAccuracy"/>.</param>
/// <param name="Elapsed">Wall time of the epoch (training and evaluation).</param>
public sealed record EpochReport(int Fold, int Epoch, int Epochs, double LearningRate, double TrainLoss, double? TestAccuracy,
    double BestAccuracy, int BestEpoch, TimeSpan Elapsed);

/// <summary>Receives training progress (the CLI draws progress bars from it).</summary>
public interface IClassifierTrainingProgress
{
    /// <summary>A fold starts (or resumes) at <paramref name="firstEpoch"/>.</summary>
    void FoldStarted(int fold, int firstEpoch, int epochs);

    /// <summary>An epoch of <paramref name="batches"/> batches starts.</summary>
    void EpochStarted(int fold, int epoch, int batches);

    /// <summary>One batch finished with loss <paramref name="loss"/>.</summary>
    void BatchCompleted(int batch, double loss);

    /// <summary>The epoch finished (after its evaluation, if any).</summary>
    void EpochCompleted(EpochReport report);
}
