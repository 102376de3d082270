using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// Everything one residual-VQ pass produces, for the training code's losses and codebook updates.
/// </summary>
/// <param name="Quantized">Sum of the chosen codewords, (B, D, T); differentiable with respect to the codebooks.</param>
/// <param name="Codes">Chosen codeword indices, (B, Nq, T), int64.</param>
/// <param name="Residuals">The residual each stage quantised, (B, D, T) each; stage 0's is the input itself.</param>
public sealed record QuantizeResult(Tensor Quantized, Tensor Codes, IReadOnlyList<Tensor> Residuals);
