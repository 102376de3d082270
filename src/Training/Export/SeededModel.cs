using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Initialization;
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
/// BatchNorm is rescaled, in execution order, so that its output has unit standard deviation (a residual branch's
/// last layer half of that, see <see cref="ResidualBranchStd"/>). PyTorch's default
/// initialisation shrinks activations by about 1/sqrt(3) per layer, so a deep codec's embedding would otherwise be
/// almost only its biases, the same for every input, and its codes meaningless;</item>
/// <item>BatchNorm: gamma ~ U(0.75, 1.25), beta ~ U(-0.2, 0.2), running mean and variance estimated on the audio
/// (a cumulative average, as after training), so folding has real statistics to fold;</item>
/// <item>residual VQ: each stage's codebook is the k-means centroids of the residual frames of the encoder's
/// embeddings of 64 clips (SoundStream initialises its codebooks by k-means on the first batch the same way).</item>
/// </list>
/// The synthetic audio of these steps uses seeds derived from <c>seed</c>; calibration's default clips differ.
/// </summary>
public static class SeededModel
{
    /// <summary>Clips of synthetic audio each data-dependent step runs on.</summary>
    private const int Clips = 8;

    /// <summary>
    /// Output std of a residual branch's last layer (the skip's is 1). At 1 every unit doubles the variance and the
    /// seeded encoder is chaotic: noise of 40 dB SNR added at the stem of tinystream/ultra_tiny leaves 25.8 dB at the
    /// embedding. At 0.5 it leaves 42.3 dB, like a trained ultra_tiny (43.4 dB after 500 steps on LJSpeech), so int8
    /// figures on seeded weights are not dominated by an amplification trained networks do not have.
    /// </summary>
    private const double ResidualBranchStd = 0.5;

    /// <summary>Clips the codebooks are fitted on: enough frames for every entry of a 1024-entry book to have several.</summary>
    private const int CodebookClips = 64;

    /// <summary>Lloyd rounds per codebook.</summary>
    private const int KMeansIterations = 10;

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
    private static void Prepare(NeuralModule module, ModelVariant variant, int seed)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(variant);
        var graph = variant.BuildGraph();
        var generator = new Generator((ulong)(uint)seed + 0x9E3779B9UL);
        using var shadow = new GraphModule(graph);
        using (no_grad()) shadow.load_state_dict(module.state_dict());

        UnitVariance(shadow, graph, Audio(graph, unchecked(seed * 31 + 5)));
        BatchNormStatistics(shadow, graph, Audio(graph, unchecked(seed * 31 + 7)), generator);
        if (graph.Quantizer != null) Codebooks(shadow, graph, Audio(graph, unchecked(seed * 31 + 11), CodebookClips), generator);

        using (no_grad()) module.load_state_dict(shadow.state_dict());
        module.eval();
    }

    private static Tensor Audio(Graph graph, int seed, int clips = Clips)
    {
        int length = graph.Input.Shape[^1];
        var data = SyntheticAudio.Clips(clips, length, graph.SampleRate, seed).SelectMany(c => c).ToArray();
        return tensor(data).reshape(graph.Input.Shape.Select(d => (long)d).Prepend(clips).ToArray());
    }

    /// <summary>
    /// LSUV over the deployed parts: each weighted layer not followed by BatchNorm to unit std, a residual branch's
    /// last layer to <see cref="ResidualBranchStd"/>.
    /// </summary>
    private static void UnitVariance(GraphModule shadow, Graph graph, Tensor audio)
    {
        var consumers = graph.Nodes.SelectMany(n => n.Inputs.Select(i => (Input: i, Node: n))).ToLookup(p => p.Input, p => p.Node);
        // The residual branch of an add is its later-computed input (x.Add(f(x)) computes x first).
        var branches = graph.Nodes.Where(n => n.Op is AddOp).Select(n => n.Inputs.Max()).ToHashSet();
        Lsuv.Run(shadow,
            node => node.Op is not (Conv1dOp or Conv2dOp or ConvTranspose1dOp or LinearOp)
                || consumers[node.Id].Any(c => c.Op is BatchNormOp) // BatchNorm normalises it anyway
                ? null
                : branches.Contains(node.Id) ? ResidualBranchStd : 1.0,
            () => shadow.ForwardDeployed(audio));
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
        shadow.ForwardDeployed(audio);
        foreach (var bn in norms) bn.momentum = 0.1;
        shadow.eval();
    }

    /// <summary>
    /// Each stage's codebook is the k-means centroids of the residual frames it will quantise (SoundStream's
    /// initialisation, and <see cref="Codec.CodecTrainer"/>'s on its first batch): entries sit where the data is and
    /// apart from each other, as after training, rather than on copies of single frames.
    /// </summary>
    private static void Codebooks(GraphModule shadow, Graph graph, Tensor audio, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        shadow.eval();
        var quantizer = shadow.Quantizer;
        long k = quantizer.CodebookSize, d = quantizer.Dimension;
        var residual = shadow.Encode(audio).permute(0, 2, 1).reshape(-1, d);
        var books = new List<Tensor>();
        for (long s = 0; s < quantizer.NumQuantizers; s++)
        {
            var (book, _) = Codec.KMeans.Fit(residual, k, KMeansIterations, generator);
            books.Add(book);
            residual = residual - book.index_select(0, Codec.KMeans.Nearest(residual, book));
        }
        quantizer.Codebooks.copy_(stack(books));
    }
}
