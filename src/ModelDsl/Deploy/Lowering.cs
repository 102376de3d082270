using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Deploy
{
    /// <summary>
    /// Lowers the deployed part of an IR graph (encoder + quantizer, or the classifier) to int8 kernel calls.
    /// Raises <see cref="DslException"/> for graphs the int8 path cannot run, naming the node.
    /// </summary>
    public static class Lowering
    {
        /// <summary>
        /// Largest fan-in (taps x input channels per group) of a conv fed int16 PCM: 32768 x 127 per product must sum
        /// inside int32 (<c>na_conv1d_pcm_s16</c>). The lowering picks that kernel only within it, and the runtime's
        /// QuantizationParameters.MaxPcmFanIn is this same constant.
        /// </summary>
        public const int MaxPcmFanIn = int.MaxValue / (32768 * 127);

        public static DeployGraph Lower(Graph graph)
        {
            var deployed = new HashSet<string>(CostModel.DeployedParts(graph));
            var cost = CostModel.Analyze(graph);
            bool streaming = graph.Family == ModelFamily.Codec && cost.Streamable;
            var input = graph.Input;
            int inputLength = input.Shape[input.Shape.Length - 1];
            int steps = streaming ? inputLength / cost.HopSamples : 1;
            return new Lowerer(graph, deployed, streaming, steps).Run();
        }

        private sealed class Lowerer
        {
            private readonly Graph _graph;
            private readonly HashSet<string> _deployed;
            private readonly bool _streaming;
            private readonly int _steps;
            private readonly List<DeployTensor> _tensors = new List<DeployTensor>();
            private readonly List<PendingOp> _ops = new List<PendingOp>();
            private readonly Dictionary<int, int> _tensorOfNode = new Dictionary<int, int>();
            private readonly Dictionary<int, int> _consumers = new Dictionary<int, int>();

            public Lowerer(Graph graph, HashSet<string> deployed, bool streaming, int steps)
            {
                _graph = graph; _deployed = deployed; _streaming = streaming; _steps = steps;
                foreach (var node in graph.Nodes)
                    foreach (var i in node.Inputs)
                        _consumers[i] = _consumers.TryGetValue(i, out var n) ? n + 1 : 1;
            }

            public DeployGraph Run()
            {
                var input = _graph.Input;
                int pcm = NewTensor("pcm", StepShape(input), DeployElementType.Int16, input.Id);
                if (ReadsPcmDirectly(input))
                    _tensorOfNode[input.Id] = pcm;
                else
                {
                    int quantized = NewTensor(input.Name, StepShape(input), DeployElementType.Int8, input.Id);
                    Emit(DeployOpKind.QuantizeInput, input, new[] { pcm }, quantized);
                    _tensorOfNode[input.Id] = quantized;
                }

                Node? last = null;
                foreach (var node in _graph.Nodes)
                {
                    if (node.Op is InputOp || !_deployed.Contains(node.Part)) continue;
                    Lower(node);
                    last = node;
                }
                if (last == null)
                    throw new DslException(DiagnosticCodes.InvalidDeclaration, $"{_graph.ModelId}/{_graph.Variant} has no deployable part");

                var ops = _ops.Select((p, i) => new DeployOp(i, p.Kind, p.Main.Name, p.Main.Op, p.Inputs, p.Output,
                    p.Sources, p.FusedRelu, p.State, p.Scratch)).ToList();
                int stepSamples = input.Shape[input.Shape.Length - 1] / _steps;
                return new DeployGraph(_graph, _tensors, ops, pcm, _tensorOfNode[last.Id], _streaming, stepSamples);
            }

            /// <summary>
            /// True when the input's only reader is a conv1d whose int32 sums hold int16 products: it then reads the
            /// PCM itself (<c>na_conv1d_pcm_s16</c>), because int8 input keeps only a sample's top 8 bits: 31-34 dB
            /// of SNR on 8 LJSpeech clips peaking at -0.4 to -6 dBFS. Other first layers read the PCM quantised to int8.
            /// </summary>
            private bool ReadsPcmDirectly(Node input)
            {
                var readers = _graph.Nodes.Where(n => n.Inputs.Contains(input.Id)).ToList();
                return readers.Count == 1 && readers[0].Op is Conv1dOp c && _deployed.Contains(readers[0].Part)
                    && (long)c.Kernel * (c.InChannels / c.Groups) <= MaxPcmFanIn;
            }

            private void Lower(Node node)
            {
                var inputs = node.Inputs.Select(i => _tensorOfNode[i]).ToArray();
                switch (node.Op)
                {
                    case DropoutOp _:
                        _tensorOfNode[node.Id] = inputs[0]; // inference drops it
                        return;
                    case ReshapeOp _:
                        RequireMemoryOrderKept(node);
                        _tensorOfNode[node.Id] = inputs[0]; // a view: same bytes, same quantisation
                        return;
                    case BatchNormOp _:
                        FoldIntoProducer(node, inputs[0], "BatchNorm", op => op.Kind == DeployOpKind.Conv1d || op.Kind == DeployOpKind.Conv2d);
                        return;
                    case ActivationOp a when a.Activation == ActivationKind.Relu:
                        if (TryFold(node, inputs[0], op => !op.FusedRelu && IsFusable(op.Kind)))
                            _ops[_ops.Count - 1].FusedRelu = true;
                        else
                            EmitNew(DeployOpKind.Relu, node, inputs);
                        return;
                    case ActivationOp _:
                        EmitNew(DeployOpKind.Lookup, node, inputs);
                        return;
                    case Conv1dOp c:
                        LowerConv1d(node, c, inputs[0]);
                        return;
                    case Conv2dOp c2:
                        if (_streaming && c2.KernelW > 1)
                            throw Unsupported(node, "a Conv2d with a time kernel cannot stream");
                        EmitNew(DeployOpKind.Conv2d, node, inputs);
                        return;
                    case ConvTranspose1dOp _:
                        if (_streaming)
                            throw Unsupported(node, "a transposed conv cannot run in a streaming encoder");
                        EmitNew(DeployOpKind.ConvTranspose1d, node, inputs);
                        return;
                    case PoolOp p:
                        EmitNew(p.IsMax ? DeployOpKind.MaxPool : DeployOpKind.AvgPool, node, inputs);
                        return;
                    case AddOp _:
                        EmitNew(DeployOpKind.Add, node, inputs);
                        return;
                    case PermuteOp _:
                        EmitNew(DeployOpKind.Permute, node, inputs);
                        return;
                    case LinearOp _:
                        EmitNew(DeployOpKind.Linear, node, inputs);
                        return;
                    case SoftmaxOp _:
                        EmitNew(DeployOpKind.Softmax, node, inputs);
                        return;
                    case ResidualVqOp q:
                        int frames = StepShape(node)[1];
                        int codes = NewTensor(node.Name, new[] { q.NumQuantizers, frames }, DeployElementType.UInt16, node.Id);
                        var search = Emit(DeployOpKind.ResidualVq, node, inputs, codes);
                        // The kernel keeps one frame's residual as int16 while it walks the stages.
                        search.Scratch = NewTensor(node.Name + "_residual", new[] { q.Dimension }, DeployElementType.Int16, node.Id);
                        _tensorOfNode[node.Id] = codes;
                        return;
                    default:
                        throw Unsupported(node, $"no int8 kernel for '{node.Op.Kind}'");
                }
            }

            private void LowerConv1d(Node node, Conv1dOp c, int input)
            {
                bool padded = c.PadLeft + c.PadRight > 0;
                if (_streaming && c.Padding != Padding.Causal && c.Span > 1)
                    throw Unsupported(node, "a streaming encoder needs causal padding on every conv");
                var output = NewTensor(node.Name, StepShape(node), DeployElementType.Int8, node.Id);
                var pending = Emit(DeployOpKind.Conv1d, node, new[] { input }, output);
                _tensorOfNode[node.Id] = output;
                if (!padded) return;
                // The kernel reads one contiguous window: [left padding or past samples | this step's input | right padding].
                var inShape = _tensors[input].Shape;
                int window = c.PadLeft + inShape[1] + (_streaming ? 0 : c.PadRight);
                var type = _tensors[input].ElementType;
                pending.Scratch = NewTensor(node.Name + "_window", new[] { c.InChannels, window }, type, node.Inputs[0]);
                if (_streaming) pending.State = new DeployState(c.InChannels, c.PadLeft, type);
            }

            private static bool IsFusable(DeployOpKind kind) =>
                kind == DeployOpKind.Conv1d || kind == DeployOpKind.Conv2d || kind == DeployOpKind.ConvTranspose1d
                || kind == DeployOpKind.Linear || kind == DeployOpKind.Add;

            private void FoldIntoProducer(Node node, int input, string what, System.Func<PendingOp, bool> canFold)
            {
                if (!TryFold(node, input, canFold))
                    throw Unsupported(node, $"{what} must directly follow a conv whose output nothing else reads");
            }

            /// <summary>
            /// Folds <paramref name="node"/> into the last emitted op when that op produced the node's input and
            /// nothing else reads it; the op's output then becomes the node's value (ranges calibrate there).
            /// </summary>
            private bool TryFold(Node node, int input, System.Func<PendingOp, bool> canFold)
            {
                if (_ops.Count == 0) return false;
                var last = _ops[_ops.Count - 1];
                var producerNode = node.Inputs[0];
                if (last.Output != input || _consumers[producerNode] != 1 || !canFold(last)) return false;
                var old = _tensors[input];
                _tensors[input] = new DeployTensor(old.Id, node.Name, old.Shape, old.ElementType, node.Id);
                last.Sources.Add(node.Id);
                _tensorOfNode[node.Id] = input;
                return true;
            }

            private void EmitNew(DeployOpKind kind, Node node, int[] inputs)
            {
                var output = NewTensor(node.Name, StepShape(node), DeployElementType.Int8, node.Id);
                Emit(kind, node, inputs, output);
                _tensorOfNode[node.Id] = output;
            }

            private PendingOp Emit(DeployOpKind kind, Node node, int[] inputs, int output)
            {
                var op = new PendingOp(kind, node, inputs, output);
                _ops.Add(op);
                return op;
            }

            private int NewTensor(string name, int[] shape, DeployElementType type, int sourceNode)
            {
                _tensors.Add(new DeployTensor(_tensors.Count, name, shape, type, sourceNode));
                return _tensors.Count - 1;
            }

            /// <summary>The node's shape for one step: the time axis divided by the number of steps in the IR input.</summary>
            private int[] StepShape(Node node)
            {
                var shape = (int[])node.Shape.Clone();
                if (_steps == 1) return shape;
                int t = shape.Length - 1;
                if (shape[t] % _steps != 0)
                    throw Unsupported(node, $"time length {shape[t]} does not split into {_steps} frames");
                shape[t] /= _steps;
                return shape;
            }

            /// <summary>Channels-last memory equals PyTorch's flatten order only when the channel or the spatial extent is 1.</summary>
            private void RequireMemoryOrderKept(Node node)
            {
                var shape = _graph.Nodes[node.Inputs[0]].Shape;
                int spatial = 1;
                for (int i = 1; i < shape.Length; i++) spatial *= shape[i];
                if (shape[0] != 1 && spatial != 1)
                    throw Unsupported(node, "a reshape that reorders channels-last memory has no int8 kernel; pool to (C, 1, 1) first");
            }

            private DslException Unsupported(Node node, string why) =>
                new DslException(DiagnosticCodes.InvalidArgument, $"{_graph.ModelId}/{_graph.Variant}: cannot deploy '{node.Name}': {why}");

            private sealed class PendingOp
            {
                public PendingOp(DeployOpKind kind, Node main, int[] inputs, int output)
                {
                    Kind = kind; Main = main; Inputs = inputs; Output = output; Sources = new List<int> { main.Id };
                }

                public DeployOpKind Kind { get; }
                public Node Main { get; }
                public int[] Inputs { get; }
                public int Output { get; }
                public List<int> Sources { get; }
                public bool FusedRelu { get; set; }
                public DeployState? State { get; set; }
                public int? Scratch { get; set; }
            }
        }
    }
}
