using System.Text.Json;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Checkpoints;

namespace NeuralAudio.Training.Export;

/// <summary>Float weights from a checkpoint, checked against the variant they are meant for.</summary>
public static class CheckpointModel
{
    /// <summary>
    /// A module of <paramref name="variant"/> with the checkpoint's <c>model</c> section loaded, in eval mode.
    /// Throws <see cref="CheckpointException"/> naming the file when it is missing, corrupt, or trained for another structure.
    /// </summary>
    public static NeuralModule Load(ModelVariant variant, string path)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var checkpoint = CheckpointFile.Load(path, variant);
        return LoadModule(checkpoint, variant);
    }

    /// <summary>
    /// The variant a checkpoint was trained for and its module (eval mode), found from the checkpoint's own metadata:
    /// a declared variant when the structure hash matches one, otherwise the declared model rebuilt on the saved config
    /// (run-time configs such as <c>--C 24</c>). Throws <see cref="CheckpointException"/> naming the file otherwise.
    /// </summary>
    public static (ModelVariant Variant, NeuralModule Module) Load(string path)
    {
        var checkpoint = CheckpointFile.Load(path);
        var variant = ResolveVariant(checkpoint);
        return (variant, LoadModule(checkpoint, variant));
    }

    /// <summary>The variant whose structure the checkpoint's metadata describes.</summary>
    public static ModelVariant ResolveVariant(CheckpointFile checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var meta = checkpoint.Metadata;
        var declared = ModelCatalog.Of(meta.ModelId);
        if (declared.Count == 0)
            throw new CheckpointException(checkpoint.Path, $"model '{meta.ModelId}' is not declared in this build (known: {string.Join(", ", ModelCatalog.All.Select(v => v.ModelId).Distinct())})");
        var exact = declared.FirstOrDefault(v => v.StructureHash == meta.StructureHash);
        if (exact is not null)
            return exact;
        if (meta.Config is not { } configJson)
            throw new CheckpointException(checkpoint.Path, $"structure {meta.StructureHash[..12]} matches no declared {meta.ModelId} variant and the checkpoint holds no config to rebuild it");
        var template = declared[0];
        object config;
        try
        {
            config = configJson.Deserialize(template.Config.GetType())
                ?? throw new JsonException("config is null");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(checkpoint.Path, $"its config is not a valid {template.Config.GetType().Name}: {e.Message}");
        }
        var rebuilt = template.WithConfig(config, meta.Variant);
        checkpoint.EnsureFits(rebuilt);
        return rebuilt;
    }

    private static NeuralModule LoadModule(CheckpointFile checkpoint, ModelVariant variant)
    {
        var module = variant.CreateModule();
        try
        {
            checkpoint.LoadInto(CheckpointFile.ModelSection, module);
        }
        catch
        {
            module.Dispose();
            throw;
        }
        module.eval();
        return module;
    }
}
