namespace NeuralAudio.Training.Codec;

/// <summary>
/// Every setting of a codec training run; saved as JSON beside the run and inside each checkpoint. Defaults follow the
/// seed configuration (train.py of the reference workflow): batch 8, 2 s chunks, Adam lr 1e-4 for both networks,
/// lr × 0.999996 per step, no discriminator warm-up, a checkpoint every 5000 steps, the newest 5 kept, seed 42, and
/// SoundStream's loss weights (adversarial 1, feature matching 100, reconstruction 1, commitment 0.25).
/// </summary>
public sealed record CodecTrainingOptions
{
    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; init; } = 8;
    /// <summary>Seconds per training chunk (rounded down to whole code frames).</summary>
    public double AudioLengthSeconds { get; init; } = 2.0;
    /// <summary>Generator learning rate.</summary>
    public double GeneratorLearningRate { get; init; } = 1e-4;
    /// <summary>Discriminator learning rate.</summary>
    public double DiscriminatorLearningRate { get; init; } = 1e-4;
    /// <summary>Both learning rates are multiplied by this after every step.</summary>
    public double LearningRateDecay { get; init; } = 0.999996;
    /// <summary>Adam β1 (SoundStream GAN setting).</summary>
    public double Beta1 { get; init; } = 0.5;
    /// <summary>Adam β2.</summary>
    public double Beta2 { get; init; } = 0.9;
    /// <summary>Gradient norm clip for both networks (0 = off).</summary>
    public double GradientClip { get; init; } = 1.0;
    /// <summary>
    /// Steps before the adversarial part starts: until then the generator learns from reconstruction and commitment
    /// alone and the discriminator is neither run nor trained.
    /// </summary>
    public int DiscriminatorWarmupSteps { get; init; }
    /// <summary>Weight of the generator's hinge loss.</summary>
    public double LambdaAdversarial { get; init; } = 1.0;
    /// <summary>Weight of feature matching.</summary>
    public double LambdaFeature { get; init; } = 100.0;
    /// <summary>Weight of the multi-scale mel reconstruction loss.</summary>
    public double LambdaReconstruction { get; init; } = 1.0;
    /// <summary>Weight of the commitment loss.</summary>
    public double CommitmentWeight { get; init; } = 0.25;
    /// <summary>Codebook EMA decay.</summary>
    public double EmaDecay { get; init; } = 0.99;
    /// <summary>
    /// Entries whose EMA count falls below this are replaced by batch frames; capped at a fifth of the mean count per
    /// entry when batches hold fewer frames than that needs (<see cref="CodebookEma.EffectiveDeadThreshold"/>).
    /// </summary>
    public double DeadCodeThreshold { get; init; } = 2.0;
    /// <summary>Share of batches trained with quantizer dropout (each example then uses 1..Nq stages).</summary>
    public double QuantizerDropoutRate { get; init; } = 0.5;
    /// <summary>Discriminator channel scale (1 = the paper's widths).</summary>
    public double DiscriminatorWidth { get; init; } = 1.0;
    /// <summary>Seed of weights, data order, chunks, dropout and dead-code choices.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Total steps to reach (a resumed run continues up to it).</summary>
    public long Steps { get; init; } = 100_000;
    /// <summary>Checkpoint every this many steps (0 = only at the end).</summary>
    public int SaveInterval { get; init; } = 5000;
    /// <summary>Newest checkpoints kept per run.</summary>
    public int MaxCheckpoints { get; init; } = 5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message) { if (!ok) throw new ArgumentException(message); }
        Require(BatchSize >= 1, $"--batch-size {BatchSize}: must be at least 1");
        Require(AudioLengthSeconds > 0 && double.IsFinite(AudioLengthSeconds), $"--audio-length {AudioLengthSeconds}: must be a positive number of seconds");
        Require(GeneratorLearningRate > 0, $"--g-lr {GeneratorLearningRate}: must be positive");
        Require(DiscriminatorLearningRate > 0, $"--d-lr {DiscriminatorLearningRate}: must be positive");
        Require(LearningRateDecay is > 0 and <= 1, $"learning-rate decay {LearningRateDecay}: must lie in (0, 1]");
        Require(GradientClip >= 0, $"--grad-clip {GradientClip}: must not be negative");
        Require(DiscriminatorWarmupSteps >= 0, $"--disc-warmup-steps {DiscriminatorWarmupSteps}: must not be negative");
        Require(CommitmentWeight >= 0, $"--commitment-weight {CommitmentWeight}: must not be negative");
        Require(LambdaAdversarial >= 0 && LambdaFeature >= 0 && LambdaReconstruction >= 0, "loss weights must not be negative");
        Require(EmaDecay is > 0 and < 1, $"EMA decay {EmaDecay}: must lie in (0, 1)");
        Require(QuantizerDropoutRate is >= 0 and <= 1, $"quantizer dropout rate {QuantizerDropoutRate}: must lie in [0, 1]");
        Require(DiscriminatorWidth is > 0 and <= 4, $"--disc-width {DiscriminatorWidth}: must lie in (0, 4]");
        Require(Steps >= 1, $"--steps {Steps}: must be at least 1");
        Require(SaveInterval >= 0, $"--save-interval {SaveInterval}: must not be negative");
        Require(MaxCheckpoints >= 1, $"--max-checkpoints {MaxCheckpoints}: must be at least 1");
    }
}
