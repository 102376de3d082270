using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>One discriminator's verdict: its logits and the feature maps of its layers (for feature matching).</summary>
/// <param name="Logits">Per-position real/fake scores.</param>
/// <param name="Features">Every intermediate layer's output, first to last (logits excluded).</param>
public sealed record DiscriminatorOutput(Tensor Logits, IReadOnlyList<Tensor> Features);
