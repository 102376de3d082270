using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// Exponential-moving-average codebook learning for a residual VQ (SoundStream: decay 0.99, k-means initialisation on
/// the first batch, codes whose EMA count falls below 2 replaced by random frames of the batch). The statistics are
/// buffers of this module, so a checkpoint section holds them and a resumed run continues exactly. The codebooks
/// themselves stay in the model's quantizer (its state dict is what inference loads); they are written under no_grad.
/// </summary>
public sealed class CodebookEma : nn.Module
{
    private readonly Tensor _counts;
    private readonly Tensor _sums;
    private readonly Tensor _initialized;

    /// <summary>Statistics for <paramref name="stages"/> codebooks of <paramref name="codebookSize"/> entries of <paramref name="dimension"/>.</summary>
    public CodebookEma(long stages, long codebookSize, long dimension, double decay = 0.99, double deadThreshold = 2, int kMeansIterations = 10)
        : base(nameof(CodebookEma))
    {
        if (decay is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "decay must lie in (0, 1)");
        Stages = stages; CodebookSize = codebookSize; Dimension = dimension;
        Decay = decay; DeadThreshold = deadThreshold; KMeansIterations = kMeansIterations;
        _counts = zeros(stages, codebookSize);
        _sums = zeros(stages, codebookSize, dimension);
        _initialized = zeros(stages, dtype: ScalarType.Int64);
        register_buffer("counts", _counts);
        register_buffer("sums", _sums);
        register_buffer("initialized", _initialized);
    }

    /// <summary>Codebooks (RVQ stages).</summary>
    public long Stages { get; }
    /// <summary>Entries per codebook.</summary>
    public long CodebookSize { get; }
    /// <summary>Entry dimension.</summary>
    public long Dimension { get; }
    /// <summary>EMA decay per update.</summary>
    public double Decay { get; }
    /// <summary>
    /// An entry whose EMA count is below this is dead and replaced, as long as batches hold at least
    /// 1 / <see cref="DeadShareOfMean"/> times this many frames per entry (see <see cref="EffectiveDeadThreshold"/>).
    /// </summary>
    public double DeadThreshold { get; }

    /// <summary>Cap of the dead threshold as a share of the mean EMA count per entry.</summary>
    public const double DeadShareOfMean = 0.2;

    /// <summary>
    /// The threshold a stage whose EMA counts sum to <paramref name="totalCount"/> (the EMA of its frames per batch)
    /// applies: <see cref="DeadThreshold"/>, capped at <see cref="DeadShareOfMean"/> of the mean count per entry.
    /// SoundStream's "EMA count below 2" presumes batches with many more frames than entries. With fewer (the
    /// acceptance test's 8 x 16 frames for 256 entries is 0.5 per entry; 8 x 2 s of TinyStream medium is 1 per entry)
    /// almost every entry sits below 2, so most of the 256 entries were replaced by frames of the current batch at
    /// every step and the codebooks never settled; capped, a few are (ItLearnsTests records the measured figures).
    /// </summary>
    public double EffectiveDeadThreshold(double totalCount) => Math.Min(DeadThreshold, DeadShareOfMean * totalCount / CodebookSize);
    /// <summary>Lloyd rounds of the first-batch initialisation.</summary>
    public int KMeansIterations { get; }

    /// <summary>EMA assignment counts (stages, K).</summary>
    public Tensor Counts => _counts;
    /// <summary>EMA sums of assigned frames (stages, K, D).</summary>
    public Tensor Sums => _sums;

    /// <summary>True once stage <paramref name="stage"/> has been initialised by k-means.</summary>
    public bool IsInitialized(int stage) => _initialized[stage].item<long>() != 0;

    /// <summary>
    /// k-means on <paramref name="frames"/> (N, D), the residuals stage <paramref name="stage"/> sees in the first batch:
    /// the centroids become the codebook, the cluster sizes the EMA counts.
    /// </summary>
    public void Initialize(Tensor codebooks, int stage, Tensor frames, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (centroids, clusterCounts) = KMeans.Fit(frames.detach(), CodebookSize, KMeansIterations, generator);
        codebooks[stage].copy_(centroids);
        _counts[stage].copy_(clusterCounts);
        _sums[stage].copy_(centroids * clusterCounts.unsqueeze(1));
        _initialized[stage].fill_(TrainingScalars.Of(1));
    }

    /// <summary>
    /// One EMA step for stage <paramref name="stage"/> from the frames it quantised (N, D) and the codes it chose (N):
    /// counts and sums decay towards this batch, each codeword becomes its (Laplace-smoothed) cluster mean, and every
    /// dead entry (count below <see cref="EffectiveDeadThreshold"/>) becomes a random frame of the batch, its count set
    /// to that threshold. Returns the number of entries replaced.
    /// </summary>
    public int Update(Tensor codebooks, int stage, Tensor frames, Tensor codes, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        if (frames.shape[0] == 0) return 0;
        frames = frames.detach();
        long k = CodebookSize;
        var batchCounts = codes.bincount(null, k).to_type(_counts.dtype);
        var batchSums = zeros(k, Dimension, dtype: _sums.dtype).index_add_(0, codes, frames, TrainingScalars.Of(1));
        var counts = _counts[stage];
        var sums = _sums[stage];
        counts.mul_(TrainingScalars.Of(Decay)).add_(batchCounts, TrainingScalars.Of(1 - Decay));
        sums.mul_(TrainingScalars.Of(Decay)).add_(batchSums, TrainingScalars.Of(1 - Decay));

        // Laplace smoothing keeps an almost-unused entry from dividing by ~0.
        const double epsilon = 1e-5;
        var total = counts.sum();
        var smoothed = (counts + TrainingScalars.Of(epsilon)) / (total + TrainingScalars.Of(k * epsilon)) * total;
        codebooks[stage].copy_(sums / smoothed.unsqueeze(1));

        // Not TrainingScalars: the threshold changes every step, and that cache keeps every value for the process.
        using var threshold = ((float)EffectiveDeadThreshold(total.item<float>())).ToScalar();
        var dead = counts.lt(threshold).nonzero().reshape(-1);
        int replaced = (int)dead.shape[0];
        if (replaced > 0)
        {
            var pick = randint(0, frames.shape[0], new[] { (long)replaced }, generator: generator);
            var replacement = frames.index_select(0, pick);
            codebooks[stage].index_copy_(0, dead, replacement);
            counts.index_fill_(0, dead, threshold);
            sums.index_copy_(0, dead, replacement * threshold);
        }
        return replaced;
    }
}
