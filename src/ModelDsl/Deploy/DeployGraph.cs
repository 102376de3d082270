using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Deploy
{
    /// <summary>
    /// The part of a model that runs on the device, lowered to int8 kernel calls: BatchNorm folded into convs,
    /// Dropout removed, ReLU fused into clamps, ELU as a lookup table, flatten as a view. Shapes are for one step
    /// (<see cref="StepInputSamples"/> input samples): one frame for a streaming encoder, the window for a classifier.
    /// </summary>
    public sealed class DeployGraph
    {
        public DeployGraph(Graph source, IReadOnlyList<DeployTensor> tensors, IReadOnlyList<DeployOp> ops,
            int pcmInput, int output, bool streaming, int stepInputSamples)
        {
            Source = source; Tensors = tensors; Ops = ops; PcmInput = pcmInput; Output = output;
            Streaming = streaming; StepInputSamples = stepInputSamples;
        }

        /// <summary>The full IR graph this was lowered from.</summary>
        public Graph Source { get; }

        public IReadOnlyList<DeployTensor> Tensors { get; }
        public IReadOnlyList<DeployOp> Ops { get; }

        /// <summary>
        /// The int16 PCM input tensor: a first conv1d (every encoder's) reads it directly, any other first layer through a
        /// quantise op.
        /// </summary>
        public int PcmInput { get; }

        /// <summary>Codes (uint16, [frames][quantizers]) for an encoder, int8 class scores for a classifier.</summary>
        public int Output { get; }

        /// <summary>True for causal encoders that run hop by hop with state kept between calls.</summary>
        public bool Streaming { get; }

        /// <summary>Input samples consumed per step: the hop for an encoder, the window for a classifier.</summary>
        public int StepInputSamples { get; }

        public string ModelId => Source.ModelId;
        public string Variant => Source.Variant;

        /// <summary>C-friendly prefix for every symbol of this graph, e.g. <c>tinystream_tiny</c>.</summary>
        public string Symbol => (Source.ModelId + "_" + Source.Variant).Replace('-', '_').Replace('.', '_');

        /// <summary>Bytes of streaming state (all causal convs' past input).</summary>
        public int StateBytes => Ops.Where(o => o.State != null).Sum(o => o.State!.SizeBytes);

        public DeployTensor Tensor(int id) => Tensors[id];
    }
}
