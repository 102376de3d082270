using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Initialization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// The starting point of codec training: the layers' seeded initialisation (after <c>torch.manual_seed</c>), then
/// <list type="number">
/// <item>every convolution bias set to zero;</item>
/// <item>layer-sequential unit variance (LSUV) over the whole generator, encoder <em>and</em> decoder, in execution
/// order on seeded, peak-normalised synthetic audio (the decoder fed the continuous embedding): each convolution and
/// transposed convolution is rescaled so its output has unit standard deviation, and the decoder's last one so the
/// decoded audio has the standard deviation of that audio.</item>
/// </list>
/// Why: PyTorch's default bias bound is 1/sqrt(fan_in), and TinyStream's depthwise and narrow pointwise layers have
/// fan_in 4 to 8, so every layer adds offsets of up to ±0.5 while the default weights shrink the signal by about
/// 1/sqrt(3). Through ~45 decoder layers the decoded audio then depends on the code for 0.1 % of its variance (the
/// rest is the biases' response to the zero padding), so the decoder cannot learn from the code and the encoder gets
/// no useful gradient; the embedding of the LSUV'd encoder is 80 % constant channel offsets for the same reason. With
/// zero biases and LSUV on both halves the decoded audio depends on the code for about 70 % of its variance.
/// Codebooks are left to the trainer (k-means on the first batch).
/// </summary>
public static class CodecInitialization
{
    /// <summary>Synthetic clips the LSUV pass runs on.</summary>
    private const int Clips = 8;

    /// <summary>Applies the steps above to <paramref name="module"/>, a codec module of <paramref name="variant"/>.</summary>
    public static void Prepare(NeuralModule module, ModelVariant variant, int seed)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(variant);
        var graph = variant.BuildGraph();
        using var shadow = new GraphModule(graph);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        shadow.load_state_dict(module.state_dict());
        foreach (var (name, parameter) in shadow.named_parameters())
            if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.zero_();

        var audio = Audio(graph, unchecked(seed * 31 + 5));
        double audioStd = audio.std().item<float>();
        string head = graph.NodesOf("decoder").Last(n => n.Op is Conv1dOp or ConvTranspose1dOp).Identifier;
        Lsuv.Run(shadow,
            node => node.Op is Conv1dOp or ConvTranspose1dOp ? (node.Identifier == head ? audioStd : 1.0) : null,
            () => shadow.Decode(shadow.Encode(audio)));
        module.load_state_dict(shadow.state_dict());
    }

    /// <summary>Seeded synthetic clips of the graph's input length, each peak-normalised like a training chunk.</summary>
    private static Tensor Audio(Graph graph, int seed) =>
        CodecAudioDataset.NormalisedBatch(SyntheticAudio.Clips(Clips, graph.Input.Shape[^1], graph.SampleRate, seed));
}
