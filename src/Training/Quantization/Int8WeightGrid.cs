using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Runtime;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Quantization;

/// <summary>
/// Moves a float model's conv and linear weights onto the per-channel int8 grid the exporter uses
/// (<see cref="QuantizationParameters.QuantizeWeightsPerChannel"/>: max |w| / 127 per output channel, rounded half away
/// from zero), in place. The float model then runs the int8 deployment's weights with float activations, which splits
/// the int8 error into the part the weights cause and the part the activations cause.
/// <para>
/// A BatchNorm after the conv scales each output channel by one factor, so the grid of the unfolded weights is the grid
/// of the folded ones: the exporter, re-quantising the snapped model, gets the same int8 values back.
/// </para>
/// </summary>
public static class Int8WeightGrid
{
    /// <summary>Snaps, in place, the weights of every conv1d, conv2d and linear op of <paramref name="graph"/> in <paramref name="module"/>.</summary>
    /// <exception cref="QuantizationException">The graph deploys a transposed conv (its output channel is not PyTorch's first axis).</exception>
    public static void Snap(DeployGraph graph, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(module);
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var _ = no_grad();
        foreach (var op in graph.Ops)
        {
            if (op.Op is ConvTranspose1dOp)
                throw new QuantizationException($"op '{op.Name}': transposed convs are not snapped (their output channel is PyTorch's second axis)");
            if (op.Op is not (Conv1dOp or Conv2dOp or LinearOp)) continue;
            var key = graph.Source.Nodes[op.SourceNodes[0]].Identifier + ".weight";
            if (!parameters.TryGetValue(key, out var weight))
                throw new QuantizationException($"the module has no parameter '{key}' for op '{op.Name}'");
            long outChannels = weight.shape[0];
            var values = weight.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
            var grid = QuantizationParameters.QuantizeWeightsPerChannel(values, (int)outChannels);
            int perChannel = values.Length / (int)outChannels;
            for (int i = 0; i < values.Length; i++) values[i] = grid.Values[i] * grid.Scales[i / perChannel];
            weight.copy_(tensor(values).reshape(weight.shape));
        }
    }
}
