namespace NeuralAudio.Training.Classification;

/// <summary>
/// ACDNet's step schedule (trainer <c>__get_lr</c>): <c>lr * decay^k</c> where <c>k</c> counts the milestones the
/// 1-based epoch has passed, and the warm-up epochs use <c>lr * warmupFactor</c>. The reference: lr 0.1, milestones
/// 600/1200/1800 of 2000 epochs, decay 0.1, warm-up epochs 1-10 at 0.01.
/// </summary>
/// <param name="BaseLearningRate">The peak learning rate.</param>
/// <param name="Milestones">Epochs after which the rate is multiplied by <paramref name="Decay"/>.</param>
/// <param name="Decay">The factor at each milestone.</param>
/// <param name="WarmupEpochs">Epochs 1..this run at <c>BaseLearningRate * WarmupFactor</c>.</param>
/// <param name="WarmupFactor">The warm-up multiplier.</param>
public sealed record LearningRateSchedule(double BaseLearningRate, IReadOnlyList<int> Milestones, double Decay = 0.1, int WarmupEpochs = 10, double WarmupFactor = 0.1)
{
    /// <summary>The reference's milestones as fractions of the epoch count (0.3, 0.6, 0.9: 600/1200/1800 of 2000).</summary>
    public static readonly IReadOnlyList<double> ReferenceFractions = new[] { 0.3, 0.6, 0.9 };

    /// <summary>The reference milestones for a run of <paramref name="epochs"/> epochs.</summary>
    public static IReadOnlyList<int> ReferenceMilestones(int epochs) => ReferenceFractions.Select(f => (int)Math.Round(epochs * f)).ToArray();

    /// <summary>The learning rate of 1-based <paramref name="epoch"/>.</summary>
    public double At(int epoch)
    {
        if (epoch < 1) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "epochs count from 1");
        if (epoch <= WarmupEpochs) return BaseLearningRate * WarmupFactor;
        int passed = Milestones.Count(m => epoch > m);
        return BaseLearningRate * Math.Pow(Decay, passed);
    }
}
