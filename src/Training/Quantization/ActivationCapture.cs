using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Deploy;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Quantization;

/// <summary>Per clip, per deploy tensor id: values in the kernels' layout (channels last, stream steps concatenated).</summary>
public sealed class ActivationValues : List<Dictionary<int, float[]>>;

/// <summary>
/// The float model's and the int8 path's values of chosen deploy tensors on the same audio, side by side, for
/// per-tensor comparisons: <see cref="BiasCorrection"/> and <see cref="LayerErrors"/>.
/// </summary>
public static class ActivationCapture
{
    /// <summary>
    /// The float values: <paramref name="module"/>'s weights in a <see cref="GraphModule"/> of the graph, each tensor
    /// read at the last IR node merged into the op that writes it (after a folded BatchNorm or fused ReLU).
    /// </summary>
    public static ActivationValues Float(DeployGraph deploy, nn.Module module, IReadOnlyList<float[]> clips, IReadOnlyList<DeployTensor> tensors)
    {
        var graph = deploy.Source;
        var wanted = tensors.Select(t => t.Id).ToHashSet();
        var tensorOfNode = deploy.Ops.Where(o => wanted.Contains(o.Output) && o.Kind != DeployOpKind.QuantizeInput)
            .GroupBy(o => o.Output).ToDictionary(g => g.Last().SourceNodes[^1], g => g.Key);
        // The quantised input holds the audio itself (one channel, so channels last is the clip's own order).
        var inputs = deploy.Ops.Where(o => wanted.Contains(o.Output) && o.Kind == DeployOpKind.QuantizeInput).Select(o => o.Output).ToList();
        using var shadow = new GraphModule(graph);
        using (no_grad()) shadow.load_state_dict(module.state_dict(), strict: false);
        shadow.eval();
        var inputShape = graph.Input.Shape.Select(d => (long)d).Prepend(1).ToArray();
        inputShape[^1] = -1; // a stream's clip may be any length; a window must be the model's
        var result = new ActivationValues();
        foreach (var clip in clips)
        {
            var values = inputs.ToDictionary(id => id, _ => clip);
            shadow.NodeObserver = (node, value) =>
            {
                if (!tensorOfNode.TryGetValue(node.Id, out var tensorId)) return;
                var sample = value[0];
                // (C, ...) to channels last (..., C), the kernels' layout.
                var order = Enumerable.Range(1, (int)sample.dim() - 1).Append(0).Select(d => (long)d).ToArray();
                values[tensorId] = sample.permute(order).contiguous().to_type(ScalarType.Float32).data<float>().ToArray();
            };
            try
            {
                using var _ = no_grad();
                using var scope = NewDisposeScope();
                shadow.ForwardDeployed(tensor(clip).reshape(inputShape));
            }
            finally
            {
                shadow.NodeObserver = null;
            }
            foreach (var t in tensors)
                if (!values.ContainsKey(t.Id)) throw new QuantizationException($"the float model never produced '{t.Name}'");
            result.Add(values);
        }
        return result;
    }

    /// <summary>
    /// The int8 values, dequantised, from the C# interpreter (bit-exact with the generated code), run op by op over
    /// whole clips (<see cref="LayerwiseRunner"/>: the values streaming gives): an encoder's whole hops, a
    /// classifier's window.
    /// </summary>
    public static ActivationValues Int8(DeployGraph deploy, QuantizedModel model, IReadOnlyList<float[]> clips, IReadOnlyList<DeployTensor> tensors)
    {
        var runner = Layerwise(deploy, model, clips);
        foreach (var op in deploy.Ops) runner.Run(op.Index);
        return Read(runner, tensors);
    }

    /// <summary>A <see cref="LayerwiseRunner"/> over <paramref name="clips"/> as int16 PCM, nothing run yet.</summary>
    public static LayerwiseRunner Layerwise(DeployGraph deploy, QuantizedModel model, IReadOnlyList<float[]> clips) =>
        new(deploy, model, clips.Select(c => Audio.SyntheticAudio.ToPcm16(c)).ToList());

    /// <summary>The dequantised values <paramref name="runner"/> holds now for <paramref name="tensors"/>, per clip.</summary>
    public static ActivationValues Read(LayerwiseRunner runner, IReadOnlyList<DeployTensor> tensors)
    {
        var result = new ActivationValues();
        for (int c = 0; c < runner.Clips; c++) result.Add(tensors.ToDictionary(t => t.Id, t => runner.Dequantised(c, t)));
        return result;
    }

    /// <summary>
    /// Over every clip: the SNR of <paramref name="tensor"/>'s int8 values against float (dB), each channel's mean error
    /// (int8 - float), and its drift: the rms over channels of that mean error over the float values' rms.
    /// A stream's float values past its last whole hop are not compared.
    /// </summary>
    public static TensorError Compare(ActivationValues floats, ActivationValues int8, DeployTensor tensor, int channels)
    {
        double signal = 0, noise = 0;
        var sum = new double[channels];
        long count = 0;
        for (int clip = 0; clip < floats.Count; clip++)
        {
            var f = floats[clip][tensor.Id];
            var q = int8[clip][tensor.Id];
            int length = Math.Min(f.Length, q.Length) / channels * channels;
            for (int i = 0; i < length; i++)
            {
                double e = (double)q[i] - f[i];
                signal += (double)f[i] * f[i];
                noise += e * e;
                sum[i % channels] += e;
            }
            count += length;
        }
        double perChannel = Math.Max(1, count / channels);
        var meanError = sum.Select(s => s / perChannel).ToArray();
        double driftRms = Math.Sqrt(meanError.Sum(m => m * m) / channels);
        return new TensorError(10 * Math.Log10(signal / Math.Max(noise, 1e-30)), driftRms / Math.Sqrt(signal / Math.Max(count, 1)), meanError);
    }
}

/// <summary>One tensor's int8 error against float: SNR (dB), relative drift, and the mean error per channel (real units).</summary>
public sealed record TensorError(double SnrDb, double RelativeDrift, double[] MeanErrorPerChannel);
