namespace NeuralAudio.ModelDsl
{
    /// <summary>
    /// A symbolic tensor in a model definition. Every method appends one op to the graph and returns its output,
    /// so definitions read as a chain: <c>x.Conv1d(32, 7).Elu().Conv1d(32, 1)</c>. Shapes exclude the batch axis.
    /// </summary>
    public sealed class TensorRef
    {
        private readonly GraphBuilder _builder;
        private readonly int[] _shape;

        internal TensorRef(GraphBuilder builder, int nodeId, int[] shape)
        {
            _builder = builder; NodeId = nodeId; _shape = shape;
        }

        internal int NodeId { get; }
        internal GraphBuilder Builder => _builder;

        /// <summary>Size of the channel (first) axis.</summary>
        public int Channels => _shape[0];

        /// <summary>Size of the time (last) axis.</summary>
        public int Length => _shape[_shape.Length - 1];

        /// <summary>Number of axes, batch excluded.</summary>
        public int Rank => _shape.Length;

        /// <summary>A copy of the shape, batch excluded.</summary>
        public int[] Shape => (int[])_shape.Clone();

        /// <summary>1-D convolution. Causal padding by default, the only kind that streams.</summary>
        public TensorRef Conv1d(int outChannels, int kernel, int stride = 1, int dilation = 1, int groups = 1,
            Padding padding = Padding.Causal, bool bias = true, string? name = null) =>
            _builder.Add(new Ir.Conv1dOp(Channels, outChannels, kernel, stride, dilation, groups, padding, bias), name, this);

        /// <summary>Depthwise 1-D convolution: one filter per channel (groups = channels).</summary>
        public TensorRef DepthwiseConv1d(int kernel, int stride = 1, int dilation = 1,
            Padding padding = Padding.Causal, bool bias = true, string? name = null) =>
            _builder.Add(new Ir.Conv1dOp(Channels, Channels, kernel, stride, dilation, Channels, padding, bias), name, this);

        /// <summary>2-D convolution over (C, H, W); the width is time. Valid padding by default.</summary>
        public TensorRef Conv2d(int outChannels, int kernelH, int kernelW, int strideH = 1, int strideW = 1,
            int dilationH = 1, int dilationW = 1, int groups = 1, Padding padding = Padding.Valid, bool bias = true,
            string? name = null) =>
            _builder.Add(new Ir.Conv2dOp(Channels, outChannels, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
                groups, padding, bias), name, this);

        /// <summary>Transposed 1-D convolution upsampling time by <paramref name="stride"/>; output length is exactly T*stride.</summary>
        public TensorRef ConvTranspose1d(int outChannels, int kernel, int stride, Padding padding = Padding.Causal,
            bool bias = true, string? name = null) =>
            _builder.Add(new Ir.ConvTranspose1dOp(Channels, outChannels, kernel, stride, padding, bias), name, this);

        /// <summary>Batch normalisation over channels.</summary>
        public TensorRef BatchNorm(string? name = null) => _builder.Add(new Ir.BatchNormOp(Channels), name, this);

        public TensorRef Relu() => _builder.Add(new Ir.ActivationOp(Ir.ActivationKind.Relu, 0), null, this);

        public TensorRef Elu(double alpha = 1.0) => _builder.Add(new Ir.ActivationOp(Ir.ActivationKind.Elu, alpha), null, this);

        public TensorRef LeakyRelu(double negativeSlope = 0.01) =>
            _builder.Add(new Ir.ActivationOp(Ir.ActivationKind.LeakyRelu, negativeSlope), null, this);

        public TensorRef MaxPool1d(int kernel) => _builder.Add(new Ir.PoolOp(true, 1, 1, kernel), null, this);

        public TensorRef AvgPool1d(int kernel) => _builder.Add(new Ir.PoolOp(false, 1, 1, kernel), null, this);

        public TensorRef MaxPool2d(int kernelH, int kernelW) => _builder.Add(new Ir.PoolOp(true, 2, kernelH, kernelW), null, this);

        public TensorRef AvgPool2d(int kernelH, int kernelW) => _builder.Add(new Ir.PoolOp(false, 2, kernelH, kernelW), null, this);

        /// <summary>Residual sum with a tensor of the same shape.</summary>
        public TensorRef Add(TensorRef other) => _builder.Add(new Ir.AddOp(), null, this, other);

        /// <summary>Reorders axes (batch excluded): output axis i is input axis dims[i].</summary>
        public TensorRef Permute(params int[] dims) => _builder.Add(new Ir.PermuteOp((int[])dims.Clone()), null, this);

        /// <summary>Reshapes the non-batch axes.</summary>
        public TensorRef Reshape(params int[] shape) => _builder.Add(new Ir.ReshapeOp((int[])shape.Clone()), null, this);

        /// <summary>Flattens all non-batch axes into one.</summary>
        public TensorRef Flatten()
        {
            int n = 1;
            foreach (var d in _shape) n *= d;
            return _builder.Add(new Ir.ReshapeOp(new[] { n }), "flatten", this);
        }

        /// <summary>Dropout, active only while training.</summary>
        public TensorRef Dropout(double probability) => _builder.Add(new Ir.DropoutOp(probability), null, this);

        /// <summary>Fully connected layer over a flat input.</summary>
        public TensorRef Linear(int outFeatures, bool bias = true, string? name = null) =>
            _builder.Add(new Ir.LinearOp(Channels, outFeatures, bias), name, this);

        public TensorRef Softmax() => _builder.Add(new Ir.SoftmaxOp(), null, this);

        /// <summary>Residual vector quantiser with <paramref name="numQuantizers"/> stages of <paramref name="codebookSize"/> codes.</summary>
        public TensorRef ResidualVq(int numQuantizers, int codebookSize, string? name = null) =>
            _builder.Add(new Ir.ResidualVqOp(Channels, numQuantizers, codebookSize), name, this);
    }
}
