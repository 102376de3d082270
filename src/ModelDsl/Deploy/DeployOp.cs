using System.Collections.Generic;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Deploy
{
    /// <summary>
    /// One kernel call of a deployed graph. It keeps the IR op it came from (<see cref="Op"/>, for shapes and
    /// attributes) and every IR node merged into it (<see cref="SourceNodes"/>: a conv, its folded BatchNorm, its
    /// fused ReLU), so the exporter knows which float weights and which calibrated range belong to it.
    /// </summary>
    public sealed class DeployOp
    {
        public DeployOp(int index, DeployOpKind kind, string name, Op op, IReadOnlyList<int> inputs, int output,
            IReadOnlyList<int> sourceNodes, bool fusedRelu, DeployState? state, int? scratch)
        {
            Index = index; Kind = kind; Name = name; Op = op; Inputs = inputs; Output = output;
            SourceNodes = sourceNodes; FusedRelu = fusedRelu; State = state; Scratch = scratch;
        }

        public int Index { get; }
        public DeployOpKind Kind { get; }

        /// <summary>The IR name of the op's main node (e.g. <c>encoder.block0.res1.conv0</c>); weight symbols derive from it.</summary>
        public string Name { get; }

        /// <summary>The IR op of the main node.</summary>
        public Op Op { get; }

        /// <summary>Input tensor ids.</summary>
        public IReadOnlyList<int> Inputs { get; }

        /// <summary>Output tensor id.</summary>
        public int Output { get; }

        /// <summary>IR node ids merged into this call, main node first.</summary>
        public IReadOnlyList<int> SourceNodes { get; }

        /// <summary>A ReLU folded into the output clamp.</summary>
        public bool FusedRelu { get; }

        /// <summary>Streaming state (past input samples) for a causal conv of a streaming graph, else null.</summary>
        public DeployState? State { get; }

        /// <summary>
        /// Arena scratch the op needs while it runs, e.g. the contiguous window [padding or state | input] of a
        /// padded conv1d. It lives only during this op, so the planner treats it as an extra, unread output.
        /// </summary>
        public int? Scratch { get; }

        public string Identifier => Name.Replace('.', '_');
    }

    /// <summary>
    /// The past input a causal conv keeps between calls: <see cref="Samples"/> time steps of
    /// <see cref="Channels"/> values, (k-1)*d + 1 - s of them (shared/REFERENCE.md section 7); int8 activations, or
    /// int16 PCM for a first conv that reads the input directly.
    /// </summary>
    public sealed class DeployState
    {
        public DeployState(int channels, int samples, DeployElementType elementType = DeployElementType.Int8)
        {
            Channels = channels; Samples = samples; ElementType = elementType;
        }

        public int Channels { get; }
        public int Samples { get; }
        public DeployElementType ElementType { get; }
        public int SizeBytes => Channels * Samples * ElementType.Bytes();
    }
}
