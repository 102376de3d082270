using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// Residual vector quantiser over (B, D, T) embeddings: stage i picks the codeword of codebook i nearest (squared
/// L2) to what stages 0..i-1 left over. Training logic (EMA updates, commitment loss, quantizer dropout) builds on
/// <see cref="Quantize"/> and lives with the trainer.
/// </summary>
public sealed class ResidualVectorQuantizer : nn.Module<Tensor, Tensor>
{
    private readonly Parameter codebooks;

    /// <summary>Codebooks (Nq, K, D) drawn from N(0, 1) with torch's global generator (seed it for reproducibility).</summary>
    public ResidualVectorQuantizer(long numQuantizers, long codebookSize, long dimension) : base(nameof(ResidualVectorQuantizer))
    {
        if (numQuantizers < 1 || codebookSize < 2 || dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(numQuantizers), "need at least 1 quantizer, 2 codewords and 1 dimension");
        NumQuantizers = numQuantizers; CodebookSize = codebookSize; Dimension = dimension;
        codebooks = new Parameter(randn(numQuantizers, codebookSize, dimension));
        RegisterComponents();
    }

    public long NumQuantizers { get; }
    public long CodebookSize { get; }
    public long Dimension { get; }

    /// <summary>All codebooks, (Nq, K, D).</summary>
    public Parameter Codebooks => codebooks;

    /// <summary>
    /// Quantises <paramref name="x"/> (B, D, T) with the first <paramref name="numQuantizers"/> stages (all by
    /// default; fewer means a lower bit rate). Code search is not differentiable; the codeword lookups are.
    /// </summary>
    public QuantizeResult Quantize(Tensor x, int? numQuantizers = null)
    {
        long nq = numQuantizers ?? NumQuantizers;
        if (nq < 1 || nq > NumQuantizers)
            throw new ArgumentOutOfRangeException(nameof(numQuantizers), nq, $"must be between 1 and {NumQuantizers}");
        CheckEmbedding(x);
        long batch = x.shape[0], frames = x.shape[2];
        // Frames as rows: (B*T, D), so each stage is one matrix product against its codebook.
        var residual = x.permute(0, 2, 1).reshape(-1, Dimension);
        var quantized = zeros_like(residual);
        var codes = new List<Tensor>();
        var residuals = new List<Tensor>();
        for (long i = 0; i < nq; i++)
        {
            residuals.Add(ToEmbedding(residual, batch, frames));
            var codebook = codebooks[i];
            var index = Nearest(residual, codebook);
            var chosen = codebook.index_select(0, index);
            quantized = quantized + chosen;
            residual = residual - chosen;
            codes.Add(index);
        }
        var codeTensor = stack(codes, 1).reshape(batch, frames, nq).permute(0, 2, 1);
        return new QuantizeResult(ToEmbedding(quantized, batch, frames), codeTensor, residuals);
    }

    /// <summary>Codes (B, Nq, T) int64 for embeddings (B, D, T).</summary>
    public Tensor Encode(Tensor x, int? numQuantizers = null)
    {
        using var _ = no_grad();
        return Quantize(x, numQuantizers).Codes;
    }

    /// <summary>Embeddings (B, D, T) from codes (B, Nq', T), Nq' ≤ Nq: the sum of the chosen codewords.</summary>
    public Tensor Decode(Tensor codes)
    {
        if (codes.dim() != 3 || codes.shape[1] < 1 || codes.shape[1] > NumQuantizers)
            throw new ArgumentException($"codes must be (batch, 1..{NumQuantizers}, frames), got ({string.Join(", ", codes.shape)})", nameof(codes));
        long batch = codes.shape[0], frames = codes.shape[2];
        // Same accumulation order as Quantize, so Decode(Encode(x)) equals the quantised output bit for bit.
        var quantized = zeros(batch * frames, Dimension, dtype: codebooks.dtype, device: codebooks.device);
        for (long i = 0; i < codes.shape[1]; i++)
            quantized = quantized + codebooks[i].index_select(0, codes[.., i, ..].reshape(-1));
        return ToEmbedding(quantized, batch, frames);
    }

    /// <summary>
    /// The quantised embedding. With autograd on it is the straight-through estimator x + (q - x).detach(), so
    /// gradients reach the encoder; in inference (no_grad) it is exactly q = Decode(Encode(x)).
    /// </summary>
    public override Tensor forward(Tensor x)
    {
        var q = Quantize(x).Quantized;
        return is_grad_enabled() ? x + (q - x).detach() : q;
    }

    /// <summary>Index of the nearest codeword per row: argmin of ||r||² − 2 r·c + ||c||².</summary>
    private static Tensor Nearest(Tensor residual, Tensor codebook)
    {
        using var _ = no_grad();
        // Written without double constants: TorchSharp 0.107 may finalize the temporary Scalar of `2 * x` or `pow(2)`
        // while libtorch still reads it (see Activations).
        var cross = residual.matmul(codebook.t());
        var distance = residual.square().sum(1, keepdim: true) - cross - cross + codebook.square().sum(1).unsqueeze(0);
        return distance.argmin(1);
    }

    private Tensor ToEmbedding(Tensor rows, long batch, long frames) =>
        rows.reshape(batch, frames, Dimension).permute(0, 2, 1);

    private void CheckEmbedding(Tensor x)
    {
        if (x.dim() != 3 || x.shape[1] != Dimension)
            throw new ArgumentException($"expected (batch, {Dimension}, frames), got ({string.Join(", ", x.shape)})", nameof(x));
    }
}
