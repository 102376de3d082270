namespace NeuralAudio.Runtime;

/// <summary>Weights quantised symmetrically per output channel: real = Scales[c] * Values[c, ...].</summary>
/// <param name="Values">int8 in [-127, 127], same layout as the float weights (output channel outermost).</param>
/// <param name="Scales">One scale per output channel.</param>
public sealed record PerChannelWeights(sbyte[] Values, float[] Scales);
