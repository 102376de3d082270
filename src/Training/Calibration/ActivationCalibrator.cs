using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Calibration;

/// <summary>
/// Runs the float model on calibration audio and records the range of every IR node of the deployed parts (the
/// encoder and quantizer of a codec, the whole classifier). The weights are copied into a <see cref="GraphModule"/>
/// of the same graph, whose node observer sees each node's value; evaluation mode, no gradients.
/// The graph input is recorded too, though the exporter quantises PCM with a fixed full-scale range (see
/// <see cref="PostTrainingQuantizer"/>).
/// </summary>
public static class ActivationCalibrator
{
    /// <summary>Calibrates <paramref name="model"/> (weights of <paramref name="graph"/>'s structure) on <paramref name="audio"/>.</summary>
    public static CalibrationResult Calibrate(nn.Module<Tensor, Tensor> model, Graph graph, CalibrationSet audio, CalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(audio);
        options ??= new CalibrationOptions();
        options.Validate();
        if (audio.Clips.Count == 0) throw new ArgumentException("calibration needs at least one clip", nameof(audio));
        int length = CalibrationSet.ReferenceLength(graph);
        if (audio.ClipLength != length || audio.SampleRate != graph.SampleRate)
            throw new ArgumentException($"calibration clips are {audio.ClipLength} samples at {audio.SampleRate} Hz; " +
                $"{graph.ModelId}/{graph.Variant} takes {length} samples at {graph.SampleRate} Hz", nameof(audio));

        using var shadow = new GraphModule(graph);
        using (no_grad())
        {
            var (missing, unexpected) = shadow.load_state_dict(model.state_dict(), strict: false);
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new QuantizationException($"the weights do not fit {graph.ModelId}/{graph.Variant}: " +
                    $"missing {Describe(missing)}, unexpected {Describe(unexpected)}");
        }
        shadow.eval();

        var statistics = new Dictionary<int, RangeStatistics>();
        void Observe(Node node, Tensor value)
        {
            if (!statistics.TryGetValue(node.Id, out var stats)) statistics[node.Id] = stats = new RangeStatistics();
            using var flat = value.detach().to_type(ScalarType.Float32).contiguous().reshape(-1);
            // A span over the tensor's memory, not a copy: allocating here would make the GC (and TorchSharp's
            // finalizers of temporary Scalars) run in the middle of forward passes far more often.
            if (!stats.Add(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(flat.bytes)))
                throw new QuantizationException($"calibration: node '{node.Name}' of {graph.ModelId}/{graph.Variant} produced NaN or infinite values");
        }

        var inputShape = graph.Input.Shape.Select(d => (long)d).ToArray();
        shadow.NodeObserver = Observe;
        try
        {
            using var _ = no_grad();
            for (int start = 0; start < audio.Clips.Count; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = audio.Clips.Skip(start).Take(options.BatchSize).ToList();
                var data = new float[batch.Count * length];
                for (int b = 0; b < batch.Count; b++) batch[b].CopyTo(data, b * length);
                var x = tensor(data).reshape(inputShape.Prepend(batch.Count).ToArray());
                Observe(graph.Input, x);
                shadow.ForwardDeployed(x);
            }
        }
        finally
        {
            shadow.NodeObserver = null;
        }
        return new CalibrationResult(graph, statistics, options, audio.Clips.Count, audio.Source);
    }

    private static string Describe(IList<string> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Take(5)) + (keys.Count > 5 ? $" and {keys.Count - 5} more" : "");
}
