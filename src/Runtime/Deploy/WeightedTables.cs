namespace NeuralAudio.Runtime.Deploy;

/// <summary>The checked integer data of a conv or linear op, ready for its kernel.</summary>
/// <param name="Weights">int8 weights in the kernel layout.</param>
/// <param name="Bias">int32 bias per output channel; empty when the op has none.</param>
/// <param name="Multiplier">Q31 multiplier per output channel.</param>
/// <param name="Shift">Shift per output channel.</param>
public sealed record WeightedTables(sbyte[] Weights, int[] Bias, int[] Multiplier, int[] Shift);
