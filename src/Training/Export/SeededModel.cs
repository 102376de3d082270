using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Audio;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Export;

/// <summary>
/// Reproducible float weights for a model nobody has trained yet, for seeded exports and tests. Starting from the
/// layers' own initialisation after <c>torch.manual_seed(seed)</c>, three data-dependent steps on seeded synthetic
/// audio make the network behave like a trained one where quantisation cares:
/// <list type="number">
/// <item>layer-sequential unit variance (LSUV, Mishkin and Matas 2016): every conv and linear not followed by a
/// BatchNorm is rescaled, in execution order, so that its output has unit standard deviation. PyTorch's default
/// initialisation shrinks activations by about 1/sqrt(3) per layer, so a deep codec's embedding would otherwise be
/// almost only its biases, the same for every input, and its codes meaningless;</item>
/// <item>BatchNorm: gamma ~ U(0.75, 1.25), beta ~ U(-0.2, 0.2), running mean and variance estimated on the audio
/// (a cumulative average, as after training), so folding has real statistics to fold;</item>
/// <item>residual VQ: each stage's codebook drawn from the residual frames of the encoder's embeddings plus 5 %
/// noise (SoundStream initialises its codebooks from the first batch the same way).</item>
/// </list>
/// The synthetic audio of these steps uses seeds derived from <c>seed</c>; calibration's default clips differ.
/// </summary>
public static class SeededModel
{
    /// <summary>Clips of synthetic audio each data-dependent step runs on.</summary>
    private const int Clips = 8;

    /// <summary>The module of <paramref name="variant"/> with seeded weights (see the class remarks).</summary>
    public static NeuralModule Create(ModelVariant variant, int seed)
    {
        ArgumentNullException.ThrowIfNull(variant);
        manual_seed(seed);
        var module = variant.CreateModule();
        Prepare(module, variant, seed);
        return module;
    }

    /// <summary>Applies the three steps to <paramref name="module"/>, a module of <paramref name="variant"/>, and leaves it in eval mode.</summary>
    public static void Prepare(NeuralModule module, ModelVariant variant, int seed)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(variant);
        var graph = variant.BuildGraph();
        var generator = new Generator((ulong)(uint)seed + 0x9E3779B9UL);
        using var shadow = new GraphModule(graph);
        using (no_grad()) shadow.load_state_dict(module.state_dict());

        UnitVariance(shadow, graph, Audio(graph, unchecked(seed * 31 + 5)));
        BatchNormStatistics(shadow, graph, Audio(graph, unchecked(seed * 31 + 7)), generator);
        if (graph.Quantizer != null) Codebooks(shadow, graph, Audio(graph, unchecked(seed * 31 + 11)), generator);

        using (no_grad()) module.load_state_dict(shadow.state_dict());
        module.eval();
    }

    private static Tensor Audio(Graph graph, int seed)
    {
        int length = graph.Input.Shape[^1];
        var data = SyntheticAudio.Clips(Clips, length, graph.SampleRate, seed).SelectMany(c => c).ToArray();
        return tensor(data).reshape(graph.Input.Shape.Select(d => (long)d).Prepend(Clips).ToArray());
    }

    /// <summary>Runs the deployed parts (encoder and quantizer, or the classifier) on <paramref name="x"/>.</summary>
    private static Tensor RunDeployed(GraphModule shadow, Graph graph, Tensor x)
    {
        var deployed = CostModel.DeployedParts(graph);
        foreach (var part in shadow.Parts)
        {
            if (!deployed.Contains(part)) break;
            x = shadow.ForwardPart(part, x);
        }
        return x;
    }

    /// <summary>
    /// One forward pass in execution order: each weighted layer's output is divided by its standard deviation in
    /// place (so later layers see the rescaled value) and the layer's weight and bias by the same factor.
    /// </summary>
    private static void UnitVariance(GraphModule shadow, Graph graph, Tensor audio)
    {
        var consumers = graph.Nodes.SelectMany(n => n.Inputs.Select(i => (Input: i, Node: n))).ToLookup(p => p.Input, p => p.Node);
        var layers = shadow.named_children().ToDictionary(c => c.name, c => c.module);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        shadow.eval();
        shadow.NodeObserver = (node, value) =>
        {
            if (node.Op is not (Conv1dOp or Conv2dOp or ConvTranspose1dOp or LinearOp)) return;
            if (consumers[node.Id].Any(c => c.Op is BatchNormOp)) return; // BatchNorm normalises it anyway
            double std = value.std().item<float>();
            if (!(std > 1e-12)) return;
            // An explicit Scalar outlives the native calls (TorchSharp does not keep implicit ones alive).
            using var gain = ((float)(1 / std)).ToScalar();
            value.mul_(gain);
            foreach (var (_, parameter) in layers[node.Identifier].named_parameters()) parameter.mul_(gain);
        };
        try
        {
            RunDeployed(shadow, graph, audio);
        }
        finally
        {
            shadow.NodeObserver = null;
        }
    }

    private static void BatchNormStatistics(GraphModule shadow, Graph graph, Tensor audio, Generator generator)
    {
        var norms = shadow.named_modules().Select(m => m.module).OfType<NormBase>().ToList();
        if (norms.Count == 0) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var bn in norms)
        {
            bn.weight?.uniform_(0.75, 1.25, generator);
            bn.bias?.uniform_(-0.2, 0.2, generator);
            bn.reset_running_stats();
            bn.momentum = null; // cumulative average over the batches seen
        }
        shadow.train();
        foreach (var (_, child) in shadow.named_modules())
            if (child is Dropout) child.eval();
        RunDeployed(shadow, graph, audio);
        foreach (var bn in norms) bn.momentum = 0.1;
        shadow.eval();
    }

    private static void Codebooks(GraphModule shadow, Graph graph, Tensor audio, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        shadow.eval();
        var quantizer = shadow.Quantizer;
        long k = quantizer.CodebookSize, d = quantizer.Dimension;
        var residual = shadow.Encode(audio).permute(0, 2, 1).reshape(-1, d);
        var books = new List<Tensor>();
        using var two = 2f.ToScalar();
        for (long s = 0; s < quantizer.NumQuantizers; s++)
        {
            var rows = randint(residual.shape[0], new[] { k }, generator: generator);
            var spread = residual.std() * 0.05;
            var book = residual.index_select(0, rows) + spread * randn(new[] { k, d }, generator: generator);
            books.Add(book);
            var distance = (residual * residual).sum(1, keepdim: true) - residual.matmul(book.t()) * two + (book * book).sum(1).unsqueeze(0);
            residual = residual - book.index_select(0, distance.argmin(1));
        }
        quantizer.Codebooks.copy_(stack(books));
    }
}
