using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>How one RVQ stage used its codebook in a batch.</summary>
/// <param name="Usage">Fraction of entries chosen at least once (0..1).</param>
/// <param name="Perplexity">exp(entropy) of the code distribution: the number of equally used entries it is worth.</param>
/// <param name="Replaced">Dead entries replaced by batch frames after this step.</param>
public sealed record CodebookStageStatistics(double Usage, double Perplexity, int Replaced)
{
    /// <summary>Usage and perplexity of <paramref name="codes"/> (any shape) over a codebook of <paramref name="codebookSize"/>.</summary>
    public static CodebookStageStatistics Of(Tensor codes, long codebookSize, int replaced = 0)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var flat = codes.reshape(-1);
        if (flat.shape[0] == 0) return new CodebookStageStatistics(0, 0, replaced);
        var counts = flat.bincount(null, codebookSize).to_type(ScalarType.Float64);
        double used = counts.gt(TrainingScalars.Of(0)).sum().item<long>();
        var p = counts / counts.sum();
        double entropy = -(p * p.clamp_min(TrainingScalars.Of(1e-12)).log()).sum().item<double>();
        return new CodebookStageStatistics(used / codebookSize, Math.Exp(entropy), replaced);
    }
}
