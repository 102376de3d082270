namespace NeuralAudio.Training.Classification;

/// <summary>
/// The training protocol of ACDNet (shared/REFERENCE.md section 1), every part adjustable. Defaults are the
/// reference's: 2000 epochs, batch 64, SGD with Nesterov momentum 0.9, weight decay 5e-4, lr 0.1 decayed x0.1 after
/// epochs 600/1200/1800 with a 10-epoch warm-up at 0.1x, KL-divergence loss, BC mixing, time-scale 1.25, gain +-6 dB.
/// </summary>
public sealed record ClassifierTrainingOptions
{
    /// <summary>Epochs per fold.</summary>
    public int Epochs { get; init; } = 2000;

    /// <summary>Clips per batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Nesterov momentum (the reference: on).</summary>
    public bool Nesterov { get; init; } = true;

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Milestone epochs; null for 0.3/0.6/0.9 of <see cref="Epochs"/> (600/1200/1800 at 2000).</summary>
    public IReadOnlyList<int>? LearningRateMilestones { get; init; }

    /// <summary>The factor at each milestone.</summary>
    public double LearningRateDecay { get; init; } = 0.1;

    /// <summary>Warm-up epochs at <see cref="WarmupFactor"/> times the learning rate.</summary>
    public int WarmupEpochs { get; init; } = 10;

    /// <summary>Warm-up multiplier.</summary>
    public double WarmupFactor { get; init; } = 0.1;

    /// <summary>Between-class mixing (off: single clips with one-hot labels).</summary>
    public bool Mixup { get; init; } = true;

    /// <summary>Largest time-scale factor (1.25: scales in [0.8, 1.25]); 1 turns it off.</summary>
    public double TimeScale { get; init; } = 1.25;

    /// <summary>Random gain range in dB (+-); 0 turns it off.</summary>
    public double GainDb { get; init; } = 6;

    /// <summary>Test crops per clip.</summary>
    public int TestCrops { get; init; } = TenCrop.DefaultCrops;

    /// <summary>Evaluate the held-out fold every this many epochs (and after the last).</summary>
    public int EvalEvery { get; init; } = 1;

    /// <summary>Seed of batch sampling, augmentation, initialisation and dropout (per fold and epoch).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The learning-rate schedule these options describe.</summary>
    public LearningRateSchedule Schedule => new(LearningRate, LearningRateMilestones ?? LearningRateSchedule.ReferenceMilestones(Epochs),
        LearningRateDecay, WarmupEpochs, WarmupFactor);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {Epochs}");
        if (BatchSize < 1) throw new ArgumentException($"--batch-size must be at least 1, not {BatchSize}");
        if (!(LearningRate > 0)) throw new ArgumentException($"--lr must be positive, not {LearningRate}");
        if (Momentum < 0 || Momentum >= 1) throw new ArgumentException($"--momentum must be in [0, 1), not {Momentum}");
        if (WeightDecay < 0) throw new ArgumentException($"--weight-decay cannot be negative, not {WeightDecay}");
        if (Nesterov && Momentum == 0) throw new ArgumentException("Nesterov momentum needs --momentum above 0");
        if (!(LearningRateDecay > 0)) throw new ArgumentException($"--lr-decay must be positive, not {LearningRateDecay}");
        if (WarmupEpochs < 0) throw new ArgumentException($"--warmup-epochs cannot be negative, not {WarmupEpochs}");
        if (!(WarmupFactor > 0)) throw new ArgumentException($"--warmup-factor must be positive, not {WarmupFactor}");
        if (TimeScale < 1) throw new ArgumentException($"--time-scale must be 1 or more, not {TimeScale}");
        if (GainDb < 0) throw new ArgumentException($"--gain-db cannot be negative, not {GainDb}");
        if (TestCrops < 2) throw new ArgumentException($"--crops must be at least 2, not {TestCrops}");
        if (EvalEvery < 1) throw new ArgumentException($"--eval-every must be at least 1, not {EvalEvery}");
        if (LearningRateMilestones is { } m && m.Any(e => e < 1)) throw new ArgumentException("--lr-milestones must be positive epoch numbers");
    }
}
