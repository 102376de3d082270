using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.Runtime;
using NeuralAudio.Runtime.Deploy;
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

        var corrected = deploy.Ops.Where(o => model.Ops[o.Name].Bias != null && model.Ops[o.Name].Multiplier != null).ToHashSet();
        var reference = Reference(deploy);
        var watched = corrected.Select(o => deploy.Tensor(o.Output)).Append(reference).DistinctBy(t => t.Id).ToList();
        var floats = ActivationCapture.Float(deploy, module, clips, watched);

        var before = ActivationCapture.Compare(floats, ActivationCapture.Int8(deploy, model, clips, new[] { reference }), reference, reference.Shape[0]);
        // One pass: each op runs on what the corrected ops before it wrote, and again once its own bias is corrected,
        // so at the end every tensor holds the corrected model's values.
        var runner = ActivationCapture.Layerwise(deploy, model, clips);
        int done = 0;
        foreach (var op in deploy.Ops)
        {
            runner.Run(op.Index);
            if (!corrected.Contains(op)) continue;
            var output = deploy.Tensor(op.Output);
            var int8 = ActivationCapture.Read(runner, new[] { output });
            Correct(deploy, model, op, ActivationCapture.Compare(floats, int8, output, DeployOpLayout.OutChannels(op)).MeanErrorPerChannel);
            runner.Run(op.Index);
            progress?.Report((++done, corrected.Count));
        }
        var after = ActivationCapture.Compare(floats, ActivationCapture.Read(runner, new[] { reference }), reference, reference.Shape[0]);
        return new BiasCorrectionResult(corrected.Count, clips.Count, before.SnrDb, after.SnrDb, before.RelativeDrift, after.RelativeDrift);
    }

    /// <summary>The tensor the before/after SNR is measured on: the RVQ's embedding, or the classifier's logits.</summary>
    private static DeployTensor Reference(DeployGraph deploy)
    {
        var rvq = deploy.Ops.FirstOrDefault(o => o.Kind == DeployOpKind.ResidualVq);
        return rvq != null ? deploy.Tensor(rvq.Inputs[0]) : deploy.Tensor(deploy.Ops.Last(o => o.Kind == DeployOpKind.Linear).Output);
    }

    /// <summary>Moves op's int32 bias by minus its output's mean per-channel error (real units), in the bias's own units.</summary>
    private static void Correct(DeployGraph deploy, QuantizedModel model, DeployOp op, double[] meanError)
    {
        var output = deploy.Tensor(op.Output);
        var tables = model.Ops[op.Name];
        float outputScale = model.Activations[output.Name].Scale;
        long headroom = QuantizationParameters.BiasHeadroom(DeployOpLayout.FanIn(op), DeployOpLayout.ReadsPcm(deploy, op));
        for (int c = 0; c < meanError.Length; c++)
        {
            // One bias step moves the output by multiplier * 2^shift output steps.
            double outputStepsPerBiasStep = QuantizationParameters.RealMultiplier(tables.Multiplier![c], tables.Shift![c]);
            if (outputStepsPerBiasStep == 0) continue;
            double steps = Math.Round(meanError[c] / (outputStepsPerBiasStep * outputScale), MidpointRounding.AwayFromZero);
            tables.Bias![c] = (int)Math.Clamp(tables.Bias[c] - steps, -headroom, headroom);
        }
    }
}

/// <summary>
/// What <see cref="BiasCorrection.Apply"/> did: ops corrected, clips used, and on those clips the embedding's (or
/// logits') SNR against float before and after (dB) and its drift before and after (rms per-channel mean error over
/// rms value).
/// </summary>
public sealed record BiasCorrectionResult(int Ops, int Clips, double SnrBeforeDb, double SnrAfterDb, double DriftBefore, double DriftAfter);
