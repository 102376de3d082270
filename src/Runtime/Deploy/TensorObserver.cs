namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// Receives every int8 activation right after the op that wrote it (e.g. to compare the int8 embedding with the
/// float model's). The span is only valid during the call.
/// </summary>
/// <param name="tensor">The deployed tensor's name (the IR node whose value it holds).</param>
/// <param name="values">Its int8 values, channels last.</param>
/// <param name="quantization">Its scale and zero point.</param>
public delegate void TensorObserver(string tensor, ReadOnlySpan<sbyte> values, ActivationQuantization quantization);
