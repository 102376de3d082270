using NeuralAudio.Models;
using NeuralAudio.Models.Layers;

namespace NeuralAudio.Training.Export.Onnx;

/// <summary>
/// Float ONNX export of a model's deployed part (see <see cref="OnnxGraphBuilder"/>): <c>&lt;symbol&gt;.onnx</c>, written
/// like the int8 export (a temporary folder first, moved into place only once complete).
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX model of <paramref name="module"/> (weights of <paramref name="variant"/>'s structure).</summary>
    public static OnnxModel Build(ModelVariant variant, NeuralModule module, string weightsSource)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(module);
        if (module.StructureHash != variant.StructureHash)
            throw new ArgumentException($"the module is {module.ModelId}/{module.Variant} (hash {module.StructureHash}), not {variant.FullName} (hash {variant.StructureHash})", nameof(module));
        var state = module.state_dict();
        return OnnxGraphBuilder.Build(variant.BuildGraph(), state,
            $"{variant.FullName} (structure {variant.StructureHash}), float weights from {weightsSource}");
    }

    /// <summary>The serialised ONNX model, for in-memory use (ONNX Runtime sessions, tests).</summary>
    public static byte[] ToBytes(ModelVariant variant, NeuralModule module, string weightsSource) =>
        OnnxWriter.ToBytes(Build(variant, module, weightsSource));

    /// <summary>The file name of a variant's ONNX model: <c>tinystream_tiny.onnx</c>.</summary>
    public static string FileName(ModelVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return (variant.ModelId + "_" + variant.Variant).Replace('-', '_').Replace('.', '_') + ".onnx";
    }

    /// <summary>Writes <c>&lt;symbol&gt;.onnx</c> into <paramref name="outputDirectory"/> and returns its path and the model.</summary>
    public static (string Path, OnnxModel Model, long Bytes) Export(ModelVariant variant, NeuralModule module, string weightsSource, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var model = Build(variant, module, weightsSource);
        var bytes = OnnxWriter.ToBytes(model);
        var written = Exporter.WriteAll(outputDirectory, new (string, Action<string>)[] { (FileName(variant), path => File.WriteAllBytes(path, bytes)) });
        return (written[0], model, bytes.LongLength);
    }
}
