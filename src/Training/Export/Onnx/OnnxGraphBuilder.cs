using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.ModelDsl.Ir;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Export.Onnx;

/// <summary>
/// Maps the deployed part of an IR graph (encoder + residual VQ of a codec, or a classifier) op by op to ONNX
/// (opset <see cref="Opset"/>), in float, with the module's weights as initializers. Values keep a leading batch axis
/// (symbolic <c>batch</c>); a codec's time axis is symbolic too (<c>samples</c> in, <c>frames</c> out), so one model
/// serves any clip length that is a multiple of the hop.
/// <list type="bullet">
/// <item>Conv1d/Conv2d: <c>Conv</c> (group, dilations, strides); symmetric padding as the conv's <c>pads</c>,
/// causal or otherwise asymmetric padding as a zero <c>Pad</c> first;</item>
/// <item>BatchNorm: <c>BatchNormalization</c> with the running statistics (epsilon 1e-5, as TorchSharp);</item>
/// <item>ELU, ReLU, LeakyReLU, max and average pools, add, permute (<c>Transpose</c>), reshape, linear
/// (<c>Gemm</c>, or <c>MatMul</c> + <c>Add</c> over a time axis), softmax; dropout is the identity;</item>
/// <item>residual VQ, per stage: squared distances ||r||² − 2 r·cᵀ + ||c||² (<c>MatMul</c>), <c>ArgMin</c>, the chosen
/// codeword by <c>Gather</c>, and <c>Sub</c> for the next residual. Outputs: <c>embedding</c> (B, D, frames) and
/// <c>codes</c> (B, Nq, frames) int64.</item>
/// </list>
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The default-domain opset of every exported model.</summary>
    public const int Opset = 17;

    /// <summary>Name of the graph input: float audio shaped like the IR input with a batch axis first.</summary>
    public const string InputName = "audio";

    /// <summary>Name of a codec's encoder output (B, D, frames).</summary>
    public const string EmbeddingName = "embedding";

    /// <summary>Name of a codec's codes (B, Nq, frames), int64.</summary>
    public const string CodesName = "codes";

    /// <summary>Name of a classifier's output (B, classes): softmax probabilities.</summary>
    public const string ScoresName = "scores";

    private readonly Graph graph;
    private readonly IReadOnlyDictionary<string, Tensor> weights;
    private readonly List<OnnxNode> nodes = new();
    private readonly List<OnnxTensor> initializers = new();
    private readonly Dictionary<int, string> valueOf = new();
    private readonly HashSet<string> usedNames = new();

    private OnnxGraphBuilder(Graph graph, IReadOnlyDictionary<string, Tensor> weights)
    {
        this.graph = graph;
        this.weights = weights;
    }

    /// <summary>
    /// The ONNX model of <paramref name="graph"/>'s deployed part with the float weights of <paramref name="stateDict"/>
    /// (parameter and buffer names as the generated and run-time modules register them: <c>node_identifier.weight</c>).
    /// Throws <see cref="DslException"/> naming the node for an op without a mapping, and
    /// <see cref="KeyNotFoundException"/> naming a missing weight.
    /// </summary>
    public static OnnxModel Build(Graph graph, IReadOnlyDictionary<string, Tensor> stateDict, string docString)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(stateDict);
        return new OnnxGraphBuilder(graph, stateDict).Run(docString ?? "");
    }

    private bool IsCodec => graph.Family == ModelFamily.Codec;

    private OnnxModel Run(string docString)
    {
        var deployed = new HashSet<string>(CostModel.DeployedParts(graph));
        var input = graph.Input;
        valueOf[input.Id] = InputName;
        var outputs = new List<OnnxValueInfo>();
        Node? last = null;
        foreach (var node in graph.Nodes)
        {
            if (node.Op is InputOp || !deployed.Contains(node.Part)) continue;
            if (node.Op is ResidualVqOp q)
            {
                var embedding = valueOf[node.Inputs[0]];
                Emit("Identity", node.Name + ".embedding", new[] { embedding }, EmbeddingName);
                outputs.Add(new OnnxValueInfo(EmbeddingName, OnnxDataType.Float, new object[] { "batch", (long)q.Dimension, "frames" }));
                ResidualVq(node, q, EmbeddingName);
                outputs.Add(new OnnxValueInfo(CodesName, OnnxDataType.Int64, new object[] { "batch", (long)q.NumQuantizers, "frames" }));
            }
            else Lower(node);
            last = node;
        }
        if (last == null)
            throw new DslException(DiagnosticCodes.InvalidDeclaration, $"{graph.ModelId}/{graph.Variant} has no deployable part");
        if (!IsCodec)
        {
            Emit("Identity", "output", new[] { valueOf[last.Id] }, ScoresName);
            outputs.Add(new OnnxValueInfo(ScoresName, OnnxDataType.Float, last.Shape.Select(d => (object)(long)d).Prepend("batch").ToArray()));
        }
        else if (graph.Quantizer == null || !deployed.Contains(graph.Quantizer.Part))
        {
            Emit("Identity", "output", new[] { valueOf[last.Id] }, EmbeddingName);
            outputs.Add(new OnnxValueInfo(EmbeddingName, OnnxDataType.Float, new object[] { "batch", (long)last.Shape[0], "frames" }));
        }

        var inputDims = input.Shape.Select((d, i) => IsCodec && i == input.Shape.Length - 1 ? "samples" : (object)(long)d).Prepend("batch").ToArray();
        var inputs = new[] { new OnnxValueInfo(InputName, OnnxDataType.Float, inputDims) };
        return new OnnxModel($"{graph.ModelId}_{graph.Variant}".Replace('-', '_'), nodes, initializers, inputs, outputs, Opset, docString);
    }

    private void Lower(Node node)
    {
        var x = valueOf[node.Inputs[0]];
        string y = node.Name;
        switch (node.Op)
        {
            case DropoutOp:
                valueOf[node.Id] = x; // inference: identity
                return;
            case Conv1dOp c:
                Conv(node, x, c.Bias, new long[] { c.Kernel }, new long[] { c.Stride }, new long[] { c.Dilation }, c.Groups,
                    new long[] { c.PadLeft }, new long[] { c.PadRight });
                return;
            case Conv2dOp c:
                Conv(node, x, c.Bias, new long[] { c.KernelH, c.KernelW }, new long[] { c.StrideH, c.StrideW },
                    new long[] { c.DilationH, c.DilationW }, c.Groups, new long[] { c.PadTop, c.PadLeft }, new long[] { c.PadBottom, c.PadRight });
                return;
            case ConvTranspose1dOp c:
                // ONNX ConvTranspose's pads crop the full output exactly as CroppedConvTranspose1d does.
                Emit("ConvTranspose", y, WithBias(node, x, c.Bias), y,
                    new OnnxAttribute("kernel_shape", Ints: new long[] { c.Kernel }),
                    new OnnxAttribute("strides", Ints: new long[] { c.Stride }),
                    new OnnxAttribute("pads", Ints: new long[] { c.CropLeft, c.CropRight }));
                break;
            case BatchNormOp:
                Emit("BatchNormalization", y, new[] { x, Weight(node, "weight"), Weight(node, "bias"),
                    Weight(node, "running_mean"), Weight(node, "running_var") }, y, new OnnxAttribute("epsilon", Float: 1e-5f));
                break;
            case ActivationOp a:
                switch (a.Activation)
                {
                    case ActivationKind.Relu: Emit("Relu", y, new[] { x }, y); break;
                    case ActivationKind.Elu: Emit("Elu", y, new[] { x }, y, new OnnxAttribute("alpha", Float: (float)a.Alpha)); break;
                    default: Emit("LeakyRelu", y, new[] { x }, y, new OnnxAttribute("alpha", Float: (float)a.Alpha)); break;
                }
                break;
            case PoolOp p:
                var kernel = p.Rank == 1 ? new long[] { p.KernelW } : new long[] { p.KernelH, p.KernelW };
                Emit(p.IsMax ? "MaxPool" : "AveragePool", y, new[] { x }, y,
                    new OnnxAttribute("kernel_shape", Ints: kernel), new OnnxAttribute("strides", Ints: kernel));
                break;
            case AddOp:
                Emit("Add", y, new[] { x, valueOf[node.Inputs[1]] }, y);
                break;
            case PermuteOp p:
                Emit("Transpose", y, new[] { x }, y, new OnnxAttribute("perm", Ints: p.Dims.Select(d => (long)d + 1).Prepend(0L).ToArray()));
                break;
            case ReshapeOp r:
                Emit("Reshape", y, new[] { x, Constant(y + ".shape", r.Shape.Select(d => (long)d).Prepend(-1L).ToArray()) }, y);
                break;
            case LinearOp l:
                Linear(node, x, l);
                return;
            case SoftmaxOp:
                Emit("Softmax", y, new[] { x }, y, new OnnxAttribute("axis", Int: 1));
                break;
            default:
                throw new DslException(DiagnosticCodes.UnsupportedConstruct,
                    $"{graph.ModelId}/{graph.Variant}: '{node.Name}': no ONNX mapping for op '{node.Op.Kind}'");
        }
        valueOf[node.Id] = y;
    }

    private void Conv(Node node, string x, bool bias, long[] kernel, long[] strides, long[] dilations, int groups, long[] begin, long[] end)
    {
        string y = node.Name;
        var pads = begin.Concat(end).ToArray();
        if (!begin.SequenceEqual(end))
        {
            // Causal (left-only) or uneven padding: an explicit zero Pad over the spatial axes, then a valid conv.
            var allPads = new long[] { 0, 0 }.Concat(begin).Concat(new long[] { 0, 0 }).Concat(end).ToArray();
            string padded = y + ".pad";
            Emit("Pad", padded, new[] { x, Constant(padded + ".pads", allPads) }, padded); // mode "constant", value 0
            x = padded;
            pads = new long[pads.Length];
        }
        Emit("Conv", y, WithBias(node, x, bias), y,
            new OnnxAttribute("kernel_shape", Ints: kernel), new OnnxAttribute("strides", Ints: strides),
            new OnnxAttribute("dilations", Ints: dilations), new OnnxAttribute("group", Int: groups),
            new OnnxAttribute("pads", Ints: pads));
        valueOf[node.Id] = y;
    }

    private string[] WithBias(Node node, string x, bool bias) =>
        bias ? new[] { x, Weight(node, "weight"), Weight(node, "bias") } : new[] { x, Weight(node, "weight") };

    private void Linear(Node node, string x, LinearOp l)
    {
        string y = node.Name;
        var inputShape = graph.Nodes[node.Inputs[0]].Shape;
        if (inputShape.Length == 1)
        {
            Emit("Gemm", y, WithBias(node, x, l.Bias), y, new OnnxAttribute("transB", Int: 1));
        }
        else
        {
            // (B, ..., in) @ Wᵀ (+ b): MatMul broadcasts over the leading axes, Gemm would not.
            var w = Tensor(node, "weight");
            using var wt = w.t().contiguous();
            string wName = Add(OnnxTensor.Of(node.Name + ".weight_t", new long[] { l.InFeatures, l.OutFeatures }, wt.data<float>().ToArray()));
            string product = l.Bias ? y + ".matmul" : y;
            Emit("MatMul", product, new[] { x, wName }, product);
            if (l.Bias) Emit("Add", y, new[] { product, Weight(node, "bias") }, y);
        }
        valueOf[node.Id] = y;
    }

    /// <summary>Residual VQ over (B, D, T): per stage the nearest codeword by squared L2, subtracted from the residual.</summary>
    private void ResidualVq(Node node, ResidualVqOp q, string embedding)
    {
        string p = node.Name;
        var books = Tensor(node, "codebooks"); // (Nq, K, D)
        string residual = p + ".rows";
        Emit("Transpose", residual, new[] { embedding }, residual, new OnnxAttribute("perm", Ints: new long[] { 0, 2, 1 })); // (B, T, D)
        string lastAxis = Constant(p + ".axes", -1L);
        var codes = new List<string>();
        for (int s = 0; s < q.NumQuantizers; s++)
        {
            string st = $"{p}.stage{s}";
            using var book = books[s].contiguous();
            using var bookT = book.t().contiguous();
            using var norms = book.square().sum(1);
            string ct = Add(OnnxTensor.Of(st + ".codebook_t", new long[] { q.Dimension, q.CodebookSize }, bookT.data<float>().ToArray()));
            string cn = Add(OnnxTensor.Of(st + ".codebook_norms", new long[] { q.CodebookSize }, norms.data<float>().ToArray()));
            // distance = ||r||² - r·c - r·c + ||c||², in the order ResidualVectorQuantizer computes it.
            Emit("Mul", st + ".r2", new[] { residual, residual }, st + ".r2");
            Emit("ReduceSum", st + ".rn", new[] { st + ".r2", lastAxis }, st + ".rn", new OnnxAttribute("keepdims", Int: 1));
            Emit("MatMul", st + ".cross", new[] { residual, ct }, st + ".cross");
            Emit("Sub", st + ".d0", new[] { st + ".rn", st + ".cross" }, st + ".d0");
            Emit("Sub", st + ".d1", new[] { st + ".d0", st + ".cross" }, st + ".d1");
            Emit("Add", st + ".distance", new[] { st + ".d1", cn }, st + ".distance");
            Emit("ArgMin", st + ".code", new[] { st + ".distance" }, st + ".code",
                new OnnxAttribute("axis", Int: -1), new OnnxAttribute("keepdims", Int: 1)); // (B, T, 1)
            codes.Add(st + ".code");
            if (s == q.NumQuantizers - 1) break;
            string c = Add(OnnxTensor.Of(st + ".codebook", new long[] { q.CodebookSize, q.Dimension }, book.data<float>().ToArray()));
            Emit("Squeeze", st + ".index", new[] { st + ".code", lastAxis }, st + ".index");
            Emit("Gather", st + ".chosen", new[] { c, st + ".index" }, st + ".chosen", new OnnxAttribute("axis", Int: 0)); // (B, T, D)
            string next = $"{p}.residual{s + 1}";
            Emit("Sub", next, new[] { residual, st + ".chosen" }, next);
            residual = next;
        }
        string stacked = p + ".codes_btq";
        Emit("Concat", stacked, codes.ToArray(), stacked, new OnnxAttribute("axis", Int: -1)); // (B, T, Nq)
        Emit("Transpose", CodesName, new[] { stacked }, CodesName, new OnnxAttribute("perm", Ints: new long[] { 0, 2, 1 }));
    }

    private Tensor Tensor(Node node, string parameter)
    {
        string key = node.Identifier + "." + parameter;
        return weights.TryGetValue(key, out var t)
            ? t
            : throw new KeyNotFoundException($"the weights have no '{key}' for node '{node.Name}' of {graph.ModelId}/{graph.Variant}");
    }

    /// <summary>A module tensor as a float initializer named like the state dict entry.</summary>
    private string Weight(Node node, string parameter)
    {
        string key = node.Identifier + "." + parameter;
        if (usedNames.Contains(key)) return key;
        using var t = Tensor(node, parameter).detach().to(float32).contiguous();
        return Add(OnnxTensor.Of(key, t.shape, t.data<float>().ToArray()));
    }

    private string Constant(string name, params long[] values) => Add(OnnxTensor.Of(name, values));

    private string Add(OnnxTensor tensor)
    {
        if (!usedNames.Add(tensor.Name)) throw new InvalidOperationException($"duplicate ONNX value name '{tensor.Name}'");
        initializers.Add(tensor);
        return tensor.Name;
    }

    private void Emit(string op, string name, string[] inputs, string output, params OnnxAttribute[] attributes)
    {
        if (!usedNames.Add(output)) throw new InvalidOperationException($"duplicate ONNX value name '{output}'");
        nodes.Add(new OnnxNode(op, name, inputs, new[] { output }, attributes));
    }
}
