using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// One training pass of a residual VQ (built on the model's <see cref="NeuralAudio.Models.Layers.ResidualVectorQuantizer"/>
/// codebooks): nearest-code search stage by stage, the straight-through estimator, the commitment loss, and quantizer
/// dropout per example. It remembers what each stage saw so <see cref="UpdateCodebooks"/> can run the EMA step after the
/// optimiser step.
/// </summary>
public sealed class ResidualVqTrainingPass
{
    private readonly List<(Tensor Frames, Tensor Codes)> _stages = new();

    private ResidualVqTrainingPass(Tensor quantized, Tensor commitment, Tensor codes)
    {
        Quantized = quantized; Commitment = commitment; Codes = codes;
    }

    /// <summary>Straight-through quantised embedding (B, D, T): forward value = codewords, gradient = identity to the encoder.</summary>
    public Tensor Quantized { get; }

    /// <summary>Commitment loss: mean over active stages of the mean squared distance between residual and chosen codeword.</summary>
    public Tensor Commitment { get; }

    /// <summary>Codes (B, Nq, T); stages an example dropped are -1.</summary>
    public Tensor Codes { get; }

    /// <summary>
    /// Quantises <paramref name="embedding"/> (B, D, T) with <paramref name="codebooks"/> (Nq, K, D).
    /// <paramref name="stagesPerExample"/> (B) gives each example's active stage count (quantizer dropout), null for all.
    /// Stages not yet initialised are initialised by k-means on this batch's residuals first.
    /// </summary>
    public static ResidualVqTrainingPass Run(Tensor embedding, Tensor codebooks, CodebookEma ema, long[]? stagesPerExample, Generator generator)
    {
        long batch = embedding.shape[0], dim = embedding.shape[1], frames = embedding.shape[2];
        long nq = codebooks.shape[0];
        var rows = embedding.permute(0, 2, 1).reshape(-1, dim); // (B*T, D), keeps the encoder's graph
        var residual = rows;
        var quantized = zeros_like(rows);
        Tensor? commitment = null;
        int activeStages = 0;
        var codeList = new List<Tensor>();
        var pass = new List<(Tensor, Tensor)>();
        for (int i = 0; i < nq; i++)
        {
            // Rows of examples that keep stage i (all rows without dropout).
            Tensor? active = null;
            if (stagesPerExample != null)
            {
                var keep = stagesPerExample.Select(s => s > i).ToArray();
                if (!keep.Any(k => k)) { codeList.Add(full(batch * frames, -1L, dtype: ScalarType.Int64)); continue; }
                active = tensor(keep).repeat_interleave(frames); // (B*T) bool, example-major like rows
            }
            var seen = residual.detach();
            var seenActive = active is null ? seen : seen.index_select(0, active.nonzero().reshape(-1));
            if (!ema.IsInitialized(i))
                ema.Initialize(codebooks, i, seenActive, generator);
            Tensor codes, chosen;
            using (no_grad())
            {
                var book = codebooks[i].detach();
                codes = KMeans.Nearest(seen, book);
                chosen = book.index_select(0, codes);
            }
            var mask = active?.unsqueeze(1).to_type(rows.dtype);
            var error = (residual - chosen).square().mean(new long[] { 1 }); // (B*T)
            var stageLoss = active is null ? error.mean() : error.masked_select(active).mean();
            commitment = commitment is null ? stageLoss : commitment + stageLoss;
            activeStages++;
            var contribution = mask is null ? chosen : chosen * mask;
            quantized = quantized + contribution;
            residual = residual - contribution;
            var stageCodes = active is null ? codes : where(active, codes, full_like(codes, -1L));
            codeList.Add(stageCodes);
            pass.Add((seenActive, active is null ? codes : codes.masked_select(active)));
        }
        var ste = rows + (quantized - rows).detach();
        var result = new ResidualVqTrainingPass(
            ste.reshape(batch, frames, dim).permute(0, 2, 1),
            commitment! / activeStages,
            stack(codeList, 1).reshape(batch, frames, nq).permute(0, 2, 1));
        result._stages.AddRange(pass);
        return result;
    }

    /// <summary>Stages that took part (dropout may end the list early).</summary>
    public int ActiveStages => _stages.Count;

    /// <summary>EMA step and dead-code replacement for every active stage; returns each stage's statistics.</summary>
    public IReadOnlyList<CodebookStageStatistics> UpdateCodebooks(Tensor codebooks, CodebookEma ema, Generator generator)
    {
        var stats = new List<CodebookStageStatistics>();
        for (int i = 0; i < _stages.Count; i++)
        {
            var (frames, codes) = _stages[i];
            int replaced = ema.Update(codebooks, i, frames, codes, generator);
            stats.Add(CodebookStageStatistics.Of(codes, ema.CodebookSize, replaced));
        }
        return stats;
    }
}
