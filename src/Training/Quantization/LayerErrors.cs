using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.Runtime.Deploy;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Quantization;

/// <summary>
/// The int8 path's error op by op, against the float model with the same weights on the same audio (the idea of
/// TFLite's quantization debugger): where along the graph the SNR falls, and which ops drift.
/// </summary>
public static class LayerErrors
{
    /// <summary>One row per op with an int8 output, in execution order.</summary>
    public static IReadOnlyList<LayerError> Measure(DeployGraph deploy, QuantizedModel model, nn.Module module, IReadOnlyList<float[]> clips)
    {
        ArgumentNullException.ThrowIfNull(deploy);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clips);
        var ops = deploy.Ops.Where(o => deploy.Tensor(o.Output).ElementType == DeployElementType.Int8).ToList();
        var tensors = ops.Select(o => deploy.Tensor(o.Output)).DistinctBy(t => t.Id).ToList();
        var floats = ActivationCapture.Float(deploy, module, clips, tensors);
        var int8 = ActivationCapture.Int8(deploy, model, clips, tensors);
        return ops.Select(op =>
        {
            var output = deploy.Tensor(op.Output);
            var error = ActivationCapture.Compare(floats, int8, output, output.Shape[0]);
            return new LayerError(op.Name, op.Kind, DeployOpLayout.ShapeText(output), error.SnrDb, error.RelativeDrift);
        }).ToList();
    }
}

/// <summary>An op's output error: SNR against float (dB) and drift (rms per-channel mean error over rms value).</summary>
public sealed record LayerError(string Op, DeployOpKind Kind, string Shape, double SnrDb, double Drift);
