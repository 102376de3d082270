namespace NeuralAudio.ModelDsl.Deploy
{
    /// <summary>The int8 kernels a deployed graph is made of; one per runtime kernel family.</summary>
    public enum DeployOpKind
    {
        /// <summary>int16 PCM to the first int8 activation (one multiplier/shift, the input zero point).</summary>
        QuantizeInput,
        Conv1d,
        Conv2d,
        ConvTranspose1d,
        MaxPool,
        AvgPool,
        /// <summary>Residual add with requantisation of both inputs.</summary>
        Add,
        /// <summary>ELU or LeakyReLU through a 256-entry table built at export time.</summary>
        Lookup,
        /// <summary>A ReLU that could not be fused into the op before it (clamp at the zero point).</summary>
        Relu,
        /// <summary>Axis reorder in channels-last memory (ACDNet's swap).</summary>
        Permute,
        Linear,
        Softmax,
        /// <summary>Residual-VQ nearest-code search: int8 embedding in, one uint16 code per stage and frame out.</summary>
        ResidualVq,
    }
}
