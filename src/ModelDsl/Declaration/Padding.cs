namespace NeuralAudio.ModelDsl
{
    /// <summary>How a convolution pads its time (last) axis.</summary>
    public enum Padding
    {
        /// <summary>No padding; output length is floor((L - span) / stride) + 1.</summary>
        Valid,
        /// <summary>Left padding only, (k-1)*d + 1 - s samples, so output t never sees input after frame t. Streamable.</summary>
        Causal,
        /// <summary>Symmetric padding of (k-1)*d/2 on each side (stride 1 keeps the length).</summary>
        Same,
    }
}
