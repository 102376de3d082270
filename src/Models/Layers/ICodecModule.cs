using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>A codec: encoder, residual VQ and decoder parts, usable separately (streaming, code export).</summary>
public interface ICodecModule
{
    /// <summary>The encoder part only: audio (B, C, T) to the continuous embedding (B, D, T').</summary>
    Tensor Encode(Tensor audio);

    /// <summary>The quantizer part's module: codes from embeddings and back.</summary>
    ResidualVectorQuantizer Quantizer { get; }

    /// <summary>The decoder part only: embedding (B, D, T') to audio (B, C, T).</summary>
    Tensor Decode(Tensor embedding);
}
