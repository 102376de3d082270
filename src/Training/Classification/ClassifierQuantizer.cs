using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Training.Calibration;
using NeuralAudio.Training.Quantization;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// Int8 weights for a trained classifier, the way <c>neuralaudio export</c> makes them (lower, calibrate, fold,
/// quantise), but calibrated on crops of the training clips instead of synthetic audio, since activation ranges of a
/// trained classifier depend on the sounds it was trained on.
/// </summary>
public static class ClassifierQuantizer
{
    /// <summary>The deploy graph and int8 tables of <paramref name="module"/>, calibrated on up to <paramref name="maxClips"/> clips.</summary>
    public static (DeployGraph Graph, QuantizedModel Model) Quantize(ModelVariant variant, NeuralModule module, IReadOnlyList<ClipAudio> calibrationClips,
        int maxClips = 64, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(calibrationClips);
        if (calibrationClips.Count == 0) throw new ArgumentException("calibration needs at least one clip");
        var graph = variant.BuildGraph();
        int length = graph.Input.Shape[^1];
        // Deterministic spread: clips in a seeded order, each contributing one of its test crops (rotating position).
        var order = calibrationClips.OrderBy(_ => 0).ToArray();
        new Random(seed).Shuffle(order);
        var crops = order.Take(maxClips)
            .Select((clip, i) => TenCrop.Crops(clip.Samples, length)[i % TenCrop.DefaultCrops])
            .ToList();
        var audio = CalibrationSet.FromClips(crops, graph.SampleRate, length, $"{crops.Count} crop(s) of training clips");
        module.eval();
        var deploy = Lowering.Lower(graph);
        var calibration = ActivationCalibrator.Calibrate(module, graph, audio);
        var weights = FoldedWeights.From(deploy, module);
        var model = PostTrainingQuantizer.Quantize(deploy, weights, calibration);
        if (model.StructureHash != variant.StructureHash)
            throw new QuantizationException($"the run-time graph of {variant.FullName} hashes to {model.StructureHash}, the compiled one to {variant.StructureHash}; rebuild");
        return (deploy, model);
    }

    /// <summary>
    /// Makes int8 classifiers over <paramref name="model"/>: the generated C# class of a declared variant, or the
    /// <see cref="DeployGraphRunner"/> (bit-exact with it) for a run-time config that has no generated class.
    /// </summary>
    public static Func<IInt8Classifier> Factory(ModelVariant variant, DeployGraph graph, QuantizedModel model)
    {
        ArgumentNullException.ThrowIfNull(variant);
        if (variant.CreateInt8 is { } create) return () => (IInt8Classifier)create(model);
        return () => new DeployGraphRunner(graph, model);
    }
}
