namespace NeuralAudio.Training.Quantization;

/// <summary>
/// A model that cannot be quantised as asked: an int32 accumulator that could overflow, non-finite activations
/// during calibration, weights missing from the state dict. The message names the op or node.
/// </summary>
public sealed class QuantizationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QuantizationException(string message, Exception? inner = null) : base(message, inner) { }
}
