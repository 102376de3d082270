using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.ModelDsl.Emit;
using NeuralAudio.ModelDsl.Ir;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// A model built from a <see cref="Graph"/> at run time, for configurations only known then (e.g. <c>--C 24</c>).
/// It creates the same layers a generated module declares, registered under the same names (node identifiers),
/// and runs the nodes in order, part by part.
/// </summary>
public sealed class GraphModule : NeuralModule, ICodecModule
{
    private readonly PartPlan plan;
    private readonly Dictionary<int, nn.Module<Tensor, Tensor>> layers = new();

    /// <summary>Builds the layers; throws DslException when the graph's parts do not form a chain.</summary>
    public GraphModule(Graph graph) : base(nameof(GraphModule))
    {
        Graph = graph;
        plan = PartPlan.For(graph);
        foreach (var node in graph.Nodes)
        {
            if (LayerSpec.For(node) is not { } spec) continue;
            CSharpNames.Field(node.Identifier); // rejects names the emitter would reject, so both accept the same graphs
            var layer = LayerFactory.Create(spec);
            register_module(node.Identifier, layer);
            layers.Add(node.Id, layer);
        }
        StructureHash = GraphPrinter.StructureHash(graph);
        Parts = plan.Parts.Select(p => p.Name).ToList();
    }

    public Graph Graph { get; }
    public override string ModelId => Graph.ModelId;
    public override string Variant => Graph.Variant;
    public override string StructureHash { get; }
    public override int SampleRate => Graph.SampleRate;
    public override IReadOnlyList<string> Parts { get; }

    /// <summary>
    /// Called with every node and its value (batch axis first) right after the node runs; null by default.
    /// Calibration uses it to record activation ranges. The tensor belongs to the forward pass: copy what you keep.
    /// </summary>
    public Action<Node, Tensor>? NodeObserver { get; set; }

    /// <summary>The residual VQ layer; throws <see cref="InvalidOperationException"/> when the graph has none.</summary>
    public ResidualVectorQuantizer Quantizer => Graph.Quantizer is { } node
        ? (ResidualVectorQuantizer)layers[node.Id]
        : throw new InvalidOperationException($"model '{ModelId}' has no residual VQ node, so it has no quantizer");

    public Tensor Encode(Tensor audio) => Run(Require("encoder"), audio);

    public Tensor Decode(Tensor embedding) => Run(Require("decoder"), embedding);

    public override Tensor forward(Tensor x)
    {
        foreach (var part in plan.Parts) x = Run(part, x);
        return x;
    }

    /// <summary>
    /// Runs the deployed parts on <paramref name="x"/>: the encoder and quantizer of a codec, or the whole classifier.
    /// They come first, so this stops at the first part that is not deployed.
    /// </summary>
    public Tensor ForwardDeployed(Tensor x)
    {
        var deployed = CostModel.DeployedParts(Graph);
        foreach (var part in plan.Parts)
        {
            if (!deployed.Contains(part.Name)) break;
            x = Run(part, x);
        }
        return x;
    }

    public override Tensor ForwardPart(string part, Tensor x) =>
        Run(plan.Find(part) ?? throw new ArgumentException(
            $"model '{ModelId}' has no part '{part}'; it has {string.Join(", ", Parts)}", nameof(part)), x);

    private PartStep Require(string part) => plan.Find(part)
        ?? throw new InvalidOperationException($"model '{ModelId}' has no '{part}' part; it has {string.Join(", ", Parts)}");

    /// <summary>Executes a part's nodes in order, each reading the values of its input nodes.</summary>
    private Tensor Run(PartStep part, Tensor x)
    {
        var values = new Dictionary<int, Tensor> { [part.Input.Id] = x };
        foreach (var node in part.Nodes)
        {
            var args = node.Inputs.Select(i => values[i]).ToList();
            values[node.Id] = layers.TryGetValue(node.Id, out var layer) ? layer.call(args[0]) : GraphOps.Apply(node, args);
            NodeObserver?.Invoke(node, values[node.Id]);
        }
        return values[part.Output.Id];
    }
}
