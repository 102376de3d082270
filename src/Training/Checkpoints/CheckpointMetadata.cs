using System.Text.Json;
using System.Text.Json.Serialization;
using NeuralAudio.Models;

namespace NeuralAudio.Training.Checkpoints;

/// <summary>
/// What a checkpoint was trained for, stored as JSON at the head of the file: the model and structure its weights
/// fit, the config record, when it was written and how far training had got.
/// </summary>
public sealed record CheckpointMetadata
{
    /// <summary>Model id, e.g. <c>tinystream</c>.</summary>
    public required string ModelId { get; init; }

    /// <summary>Variant name, e.g. <c>tiny</c> (informative: compatibility is decided by <see cref="StructureHash"/>).</summary>
    public required string Variant { get; init; }

    /// <summary><c>GraphPrinter.StructureHash</c> of the graph the weights belong to.</summary>
    public required string StructureHash { get; init; }

    /// <summary>Full name of the config record's type, when known.</summary>
    public string? ConfigType { get; init; }

    /// <summary>The variant's config record as JSON, when known.</summary>
    public JsonElement? Config { get; init; }

    /// <summary>When the checkpoint was written (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Optimizer steps taken, if training.</summary>
    public long? Step { get; init; }

    /// <summary>Epochs completed, if training.</summary>
    public int? Epoch { get; init; }

    /// <summary>Free-form notes (losses, data set, command line, ...).</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }

    /// <summary><c>model/variant</c>.</summary>
    [JsonIgnore]
    public string FullName => ModelId + "/" + Variant;

    /// <summary>Metadata for weights of <paramref name="variant"/> (its config record included).</summary>
    public static CheckpointMetadata For(ModelVariant variant, long? step = null, int? epoch = null,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return new CheckpointMetadata
        {
            ModelId = variant.ModelId,
            Variant = variant.Variant,
            StructureHash = variant.StructureHash,
            ConfigType = variant.Config.GetType().FullName,
            Config = JsonSerializer.SerializeToElement(variant.Config, variant.Config.GetType()),
            Step = step,
            Epoch = epoch,
            Extra = extra,
        };
    }
}
