using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Ir;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Quantization;

/// <summary>
/// Float weights of one deployed op, in the kernel's layout with BatchNorm folded in.
/// </summary>
/// <param name="Weights">Output channel outermost: conv1d [out][k][in/g], conv2d [out][kh][kw][in/g],
/// transposed conv1d [out][k][in], linear [out][in].</param>
/// <param name="Bias">One per output channel (zeros for a conv without bias and without BatchNorm).</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="FanIn">Products summed into one accumulator: taps x input channels per group (in features for linear).</param>
public sealed record FoldedLayer(float[] Weights, float[] Bias, int OutChannels, int FanIn);

/// <summary>
/// Float weights of a deployed graph, per op name, ready for quantisation: convolution, transposed convolution and
/// linear weights permuted from PyTorch's layout to the kernels' channels-last layout (<c>na_kernels.h</c>), with a
/// following BatchNorm folded in: w' = w * gamma / sqrt(var + eps), b' = (b - mean) * gamma / sqrt(var + eps) + beta.
/// Residual-VQ codebooks per stage as [K][D].
/// </summary>
public sealed class FoldedWeights
{
    private FoldedWeights(IReadOnlyDictionary<string, FoldedLayer> layers, IReadOnlyDictionary<string, IReadOnlyList<float[]>> codebooks)
    {
        Layers = layers;
        Codebooks = codebooks;
    }

    /// <summary>By <see cref="DeployOp.Name"/>: convs, transposed convs and linears.</summary>
    public IReadOnlyDictionary<string, FoldedLayer> Layers { get; }

    /// <summary>By <see cref="DeployOp.Name"/> of a residual-VQ op: one float [K][D] codebook per stage.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<float[]>> Codebooks { get; }

    /// <summary>BatchNorm epsilon of the zoo's layers (TorchSharp's and PyTorch's default).</summary>
    public const double DefaultBatchNormEps = 1e-5;

    /// <summary>Folds the weights of <paramref name="module"/> (its state dict) for <paramref name="graph"/>.</summary>
    public static FoldedWeights From(DeployGraph graph, nn.Module module, double batchNormEps = DefaultBatchNormEps)
    {
        ArgumentNullException.ThrowIfNull(module);
        return From(graph, module.state_dict(), batchNormEps);
    }

    /// <summary>Folds the weights in <paramref name="stateDict"/> (keys <c>node_identifier.weight</c> and so on).</summary>
    public static FoldedWeights From(DeployGraph graph, IReadOnlyDictionary<string, Tensor> stateDict, double batchNormEps = DefaultBatchNormEps)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(stateDict);
        var layers = new Dictionary<string, FoldedLayer>();
        var codebooks = new Dictionary<string, IReadOnlyList<float[]>>();
        var source = graph.Source;
        foreach (var op in graph.Ops)
        {
            var main = source.Nodes[op.SourceNodes[0]];
            var bn = op.SourceNodes.Skip(1).Select(i => source.Nodes[i]).FirstOrDefault(n => n.Op is BatchNormOp);
            switch (op.Op)
            {
                case Conv1dOp c:
                    layers[op.Name] = Conv(stateDict, main, bn, c.OutChannels, c.InChannels / c.Groups, new[] { c.Kernel }, c.Bias, batchNormEps);
                    break;
                case Conv2dOp c:
                    layers[op.Name] = Conv(stateDict, main, bn, c.OutChannels, c.InChannels / c.Groups, new[] { c.KernelH, c.KernelW }, c.Bias, batchNormEps);
                    break;
                case ConvTranspose1dOp t:
                    layers[op.Name] = Transposed(stateDict, main, t);
                    break;
                case LinearOp l:
                    layers[op.Name] = Linear(stateDict, main, l);
                    break;
                case ResidualVqOp q:
                    codebooks[op.Name] = Codebook(stateDict, main, q);
                    break;
            }
        }
        return new FoldedWeights(layers, codebooks);
    }

    /// <summary>PyTorch [out][in/g][taps...] to [out][taps...][in/g], then BatchNorm folded per output channel.</summary>
    private static FoldedLayer Conv(IReadOnlyDictionary<string, Tensor> state, Node main, Node? bn, int outChannels, int inPerGroup,
        int[] kernel, bool hasBias, double eps)
    {
        int taps = kernel.Aggregate(1, (a, k) => a * k);
        var w = Read(state, main, "weight", (long)outChannels * inPerGroup * taps);
        var weights = new float[w.Length];
        for (int o = 0; o < outChannels; o++)
            for (int i = 0; i < inPerGroup; i++)
                for (int t = 0; t < taps; t++)
                    weights[(o * taps + t) * inPerGroup + i] = w[(o * inPerGroup + i) * taps + t];
        var bias = hasBias ? Read(state, main, "bias", outChannels) : new float[outChannels];
        if (bn != null)
        {
            var gamma = Read(state, bn, "weight", outChannels);
            var beta = Read(state, bn, "bias", outChannels);
            var mean = Read(state, bn, "running_mean", outChannels);
            var variance = Read(state, bn, "running_var", outChannels);
            int perChannel = taps * inPerGroup;
            for (int o = 0; o < outChannels; o++)
            {
                double scale = gamma[o] / Math.Sqrt(variance[o] + eps);
                for (int j = 0; j < perChannel; j++) weights[o * perChannel + j] = (float)(weights[o * perChannel + j] * scale);
                bias[o] = (float)((bias[o] - mean[o]) * scale + beta[o]);
            }
        }
        return new FoldedLayer(weights, bias, outChannels, taps * inPerGroup);
    }

    /// <summary>PyTorch [in][out][k] to [out][k][in].</summary>
    private static FoldedLayer Transposed(IReadOnlyDictionary<string, Tensor> state, Node main, ConvTranspose1dOp t)
    {
        int cin = t.InChannels, cout = t.OutChannels, k = t.Kernel;
        var w = Read(state, main, "weight", (long)cin * cout * k);
        var weights = new float[w.Length];
        for (int i = 0; i < cin; i++)
            for (int o = 0; o < cout; o++)
                for (int j = 0; j < k; j++)
                    weights[(o * k + j) * cin + i] = w[(i * cout + o) * k + j];
        var bias = t.Bias ? Read(state, main, "bias", cout) : new float[cout];
        // The gather sums at most ceil(k / s) taps per output and input channel.
        return new FoldedLayer(weights, bias, cout, (k + t.Stride - 1) / t.Stride * cin);
    }

    private static FoldedLayer Linear(IReadOnlyDictionary<string, Tensor> state, Node main, LinearOp l)
    {
        var weights = Read(state, main, "weight", (long)l.OutFeatures * l.InFeatures);
        var bias = l.Bias ? Read(state, main, "bias", l.OutFeatures) : new float[l.OutFeatures];
        return new FoldedLayer(weights, bias, l.OutFeatures, l.InFeatures);
    }

    private static IReadOnlyList<float[]> Codebook(IReadOnlyDictionary<string, Tensor> state, Node main, ResidualVqOp q)
    {
        int words = q.CodebookSize * q.Dimension;
        var all = Read(state, main, "codebooks", (long)q.NumQuantizers * words);
        return Enumerable.Range(0, q.NumQuantizers).Select(s => all.AsSpan(s * words, words).ToArray()).ToList();
    }

    private static float[] Read(IReadOnlyDictionary<string, Tensor> state, Node node, string field, long expected)
    {
        var key = node.Identifier + "." + field;
        if (!state.TryGetValue(key, out var t))
            throw new QuantizationException($"the weights have no '{key}' for node '{node.Name}'");
        if (t.numel() != expected)
            throw new QuantizationException($"'{key}' holds {t.numel()} values; node '{node.Name}' needs {expected}");
        using var flat = t.detach().to(CPU).to_type(ScalarType.Float32).contiguous().reshape(-1);
        return flat.data<float>().ToArray();
    }
}
