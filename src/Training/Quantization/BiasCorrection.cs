using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Deploy;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Quantization;

/// <summary>
/// Empirical bias correction (Nagel et al. 2019, "Data-Free Quantization", section 4.2, measured on data rather than
/// derived from BatchNorm statistics). Rounding in the int8 path is not zero-mean per channel: each layer's output
/// drifts from the float model's by a constant per channel, and the drift adds up through the encoder. Each weighted op
/// with a bias, in execution order, gets its int32 bias moved by minus the mean per-channel error of its output
/// against the float model on calibration clips, measured with every op before it already corrected. Only int32
/// biases change: the scheme stays TFLite's, and esp-nn runs the result unchanged.
/// </summary>
public static class BiasCorrection
{
    /// <summary>
    /// Corrects <paramref name="model"/>'s biases in place and returns the embedding (or logits) SNR against float on
    /// <paramref name="clips"/> before and after. <paramref name="module"/> holds the float weights of
    /// <paramref name="deploy"/>'s graph; clips are float audio of the graph's reference length.
    /// </summary>
    public static BiasCorrectionResult Apply(DeployGraph deploy, QuantizedModel model, nn.Module module, IReadOnlyList<float[]> clips,
        IProgress<(int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(deploy);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0) throw new ArgumentException("bias correction needs at least one clip", nameof(clips));

        var corrected = deploy.Ops.Where(o => model.Ops[o.Name].Bias != null && model.Ops[o.Name].Multiplier != null).ToList();
        var watched = corrected.Select(o => deploy.Tensor(o.Output)).Append(Reference(deploy)).DistinctBy(t => t.Id).ToList();
        // The float value an op's output holds is its last merged node's: after a folded BatchNorm or fused ReLU.
        var nodeOfTensor = deploy.Ops.Where(o => watched.Any(t => t.Id == o.Output))
            .GroupBy(o => o.Output).ToDictionary(g => g.Key, g => g.Last().SourceNodes[^1]);
        var floats = FloatValues(deploy, module, clips, watched, nodeOfTensor);

        var (before, driftBefore) = ReferenceError(deploy, floats, Int8Values(deploy, model, clips, watched));
        for (int i = 0; i < corrected.Count; i++)
        {
            var op = corrected[i];
            var int8 = Int8Values(deploy, model, clips, new[] { deploy.Tensor(op.Output) }, lastOp: op.Index);
            Correct(deploy, model, op, floats, int8);
            progress?.Report((i + 1, corrected.Count));
        }
        var (after, driftAfter) = ReferenceError(deploy, floats, Int8Values(deploy, model, clips, new[] { Reference(deploy) }));
        return new BiasCorrectionResult(corrected.Count, clips.Count, before, after, driftBefore, driftAfter);
    }

    /// <summary>The tensor the before/after SNR is measured on: the RVQ's embedding, or the classifier's logits.</summary>
    private static DeployTensor Reference(DeployGraph deploy)
    {
        var rvq = deploy.Ops.FirstOrDefault(o => o.Kind == DeployOpKind.ResidualVq);
        return rvq != null ? deploy.Tensor(rvq.Inputs[0]) : deploy.Tensor(deploy.Ops.Last(o => o.Kind == DeployOpKind.Linear).Output);
    }

    /// <summary>Moves op's int32 bias by minus its output's mean per-channel error, in the bias's own units.</summary>
    private static void Correct(DeployGraph deploy, QuantizedModel model, DeployOp op, Values floats, Values int8)
    {
        var output = deploy.Tensor(op.Output);
        int channels = DeployOpLayout.OutChannels(op);
        var sum = new double[channels];
        long count = 0;
        for (int clip = 0; clip < floats.Count; clip++)
        {
            var f = floats[clip][output.Id];
            var q = int8[clip][output.Id];
            int length = Math.Min(f.Length, q.Length) / channels * channels; // streaming stops at the last whole hop
            for (int i = 0; i < length; i++) sum[i % channels] += q[i] - f[i];
            count += length / channels;
        }
        if (count == 0) return;
        var tables = model.Ops[op.Name];
        float outputScale = model.Activations[output.Name].Scale;
        // The accumulator must keep fan-in * max |input| * 127 + |bias| inside int32 (na_kernels.h).
        long maxInput = deploy.Tensor(op.Inputs[0]).ElementType == DeployElementType.Int16 ? 32768 : 255;
        long headroom = int.MaxValue - DeployOpLayout.FanIn(op) * maxInput * 127;
        for (int c = 0; c < channels; c++)
        {
            // One bias step moves the output by multiplier * 2^shift output steps.
            double outputStepsPerBiasStep = tables.Multiplier![c] / 2147483648.0 * Math.Pow(2, tables.Shift![c]);
            if (outputStepsPerBiasStep == 0) continue;
            double steps = Math.Round(sum[c] / count / (outputStepsPerBiasStep * outputScale), MidpointRounding.AwayFromZero);
            tables.Bias![c] = (int)Math.Clamp(tables.Bias[c] - steps, -headroom, headroom);
        }
    }

    /// <summary>Per clip, per watched tensor id: values in the deploy layout (channels last, time concatenated).</summary>
    private sealed class Values : List<Dictionary<int, float[]>>;

    private static Values FloatValues(DeployGraph deploy, nn.Module module, IReadOnlyList<float[]> clips, IReadOnlyList<DeployTensor> watched,
        IReadOnlyDictionary<int, int> nodeOfTensor)
    {
        var graph = deploy.Source;
        using var shadow = new GraphModule(graph);
        using (no_grad()) shadow.load_state_dict(module.state_dict(), strict: false);
        shadow.eval();
        var tensorOfNode = nodeOfTensor.ToDictionary(p => p.Value, p => p.Key);
        var inputShape = graph.Input.Shape.Select(d => (long)d).Prepend(1).ToArray();
        var result = new Values();
        foreach (var clip in clips)
        {
            var values = new Dictionary<int, float[]>();
            shadow.NodeObserver = (node, value) =>
            {
                if (!tensorOfNode.TryGetValue(node.Id, out var tensorId)) return;
                var sample = value[0];
                // (C, ...) to channels last (..., C), the kernels' layout.
                var order = Enumerable.Range(1, (int)sample.dim() - 1).Append(0).Select(d => (long)d).ToArray();
                values[tensorId] = sample.permute(order).contiguous().to_type(ScalarType.Float32).data<float>().ToArray();
            };
            using (no_grad())
            using (NewDisposeScope())
            {
                var x = tensor(clip).reshape(inputShape);
                shadow.ForwardDeployed(x);
            }
            shadow.NodeObserver = null;
            foreach (var t in watched)
                if (!values.ContainsKey(t.Id)) throw new QuantizationException($"bias correction: the float model never produced '{t.Name}'");
            result.Add(values);
        }
        return result;
    }

    /// <summary>The int8 path's values, dequantised; with <paramref name="lastOp"/>, only the ops up to it run.</summary>
    private static Values Int8Values(DeployGraph deploy, QuantizedModel model, IReadOnlyList<float[]> clips, IReadOnlyList<DeployTensor> watched,
        int? lastOp = null)
    {
        var names = watched.ToDictionary(t => t.Name, t => t.Id);
        var runner = new DeployGraphRunner(deploy, model) { LastOp = lastOp };
        var result = new Values();
        foreach (var clip in clips)
        {
            var lists = watched.ToDictionary(t => t.Id, _ => new List<float>());
            runner.Observer = (name, values, q) =>
            {
                if (!names.TryGetValue(name, out var id)) return;
                var list = lists[id];
                foreach (var v in values) list.Add(q.Scale * (v - q.ZeroPoint));
            };
            var pcm = Audio.SyntheticAudio.ToPcm16(clip);
            if (deploy.Streaming)
            {
                runner.Reset();
                int frames = pcm.Length / runner.HopSamples;
                runner.Push(pcm.AsSpan(0, frames * runner.HopSamples), new ushort[frames * runner.Quantizers]);
            }
            else
            {
                runner.Run(pcm, new sbyte[runner.Classes]);
            }
            result.Add(lists.ToDictionary(p => p.Key, p => p.Value.ToArray()));
        }
        return result;
    }

    /// <summary>
    /// SNR of the reference tensor against float (dB), and its drift: the rms over channels of the per-channel mean
    /// error, relative to the float values' rms (what the correction removes).
    /// </summary>
    private static (double SnrDb, double RelativeDrift) ReferenceError(DeployGraph deploy, Values floats, Values int8)
    {
        var reference = Reference(deploy);
        int id = reference.Id, channels = reference.Shape[0];
        double signal = 0, noise = 0;
        var drift = new double[channels];
        long count = 0;
        for (int clip = 0; clip < floats.Count; clip++)
        {
            var f = floats[clip][id];
            var q = int8[clip][id];
            int length = Math.Min(f.Length, q.Length) / channels * channels;
            for (int i = 0; i < length; i++)
            {
                signal += (double)f[i] * f[i];
                noise += ((double)f[i] - q[i]) * (f[i] - q[i]);
                drift[i % channels] += q[i] - f[i];
            }
            count += length;
        }
        double perChannel = (double)count / channels;
        double driftRms = Math.Sqrt(drift.Sum(d => (d / perChannel) * (d / perChannel)) / channels);
        return (10 * Math.Log10(signal / Math.Max(noise, 1e-30)), driftRms / Math.Sqrt(signal / Math.Max(count, 1)));
    }
}

/// <summary>
/// What <see cref="BiasCorrection.Apply"/> did: ops corrected, clips used, and on those clips the embedding's (or
/// logits') SNR against float before and after (dB) and its drift before and after (rms per-channel mean error over
/// rms value).
/// </summary>
public sealed record BiasCorrectionResult(int Ops, int Clips, double SnrBeforeDb, double SnrAfterDb, double DriftBefore, double DriftAfter);
