namespace NeuralAudio.Training.Codec;

/// <summary>What one training step measured.</summary>
/// <param name="Step">The step index (0-based) this result belongs to.</param>
/// <param name="Reconstruction">Multi-scale mel reconstruction loss.</param>
/// <param name="Commitment">Commitment loss (unweighted).</param>
/// <param name="GeneratorAdversarial">Generator hinge loss (0 during warm-up).</param>
/// <param name="FeatureMatching">Feature-matching loss (0 during warm-up).</param>
/// <param name="GeneratorTotal">The weighted sum the generator minimised.</param>
/// <param name="Discriminator">Discriminator hinge loss (0 during warm-up).</param>
/// <param name="Stages">Mean active quantizer stages over the batch (quantizer dropout).</param>
/// <param name="GeneratorLearningRate">Generator learning rate used in this step.</param>
/// <param name="DiscriminatorLearningRate">Discriminator learning rate used in this step.</param>
/// <param name="Codebooks">Per stage: usage, perplexity, replaced entries.</param>
public sealed record CodecStepResult(
    long Step, double Reconstruction, double Commitment, double GeneratorAdversarial, double FeatureMatching,
    double GeneratorTotal, double Discriminator, double Stages, double GeneratorLearningRate, double DiscriminatorLearningRate,
    IReadOnlyList<CodebookStageStatistics> Codebooks);
