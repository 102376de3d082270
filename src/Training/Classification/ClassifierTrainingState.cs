using System.Globalization;
using System.Text.Json;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// Where a fold's training stands, stored in a classifier checkpoint's metadata (<c>Extra</c>) beside the model and
/// optimizer sections: the fold, epochs done of how many, optimizer steps, the best held-out accuracy and its epoch,
/// the latest accuracy, and what the run trained on.
/// </summary>
public sealed record ClassifierTrainingState
{
    /// <summary>The held-out fold.</summary>
    public required int Fold { get; init; }

    /// <summary>Epochs completed.</summary>
    public required int Epoch { get; init; }

    /// <summary>Epochs the run is meant to take.</summary>
    public required int Epochs { get; init; }

    /// <summary>Optimizer steps taken.</summary>
    public required long Step { get; init; }

    /// <summary>Best held-out 10-crop accuracy so far (0 before the first evaluation).</summary>
    public required double BestAccuracy { get; init; }

    /// <summary>The epoch that reached <see cref="BestAccuracy"/> (0 before the first evaluation).</summary>
    public required int BestEpoch { get; init; }

    /// <summary>The latest held-out accuracy, if any evaluation ran.</summary>
    public double? Accuracy { get; init; }

    /// <summary><c>esc50</c>, <c>esc10</c> or <c>csv</c>.</summary>
    public required string Dataset { get; init; }

    /// <summary>The CSV the labels came from.</summary>
    public string? LabelsCsv { get; init; }

    /// <summary>Class names by label.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>The options of the run, as JSON.</summary>
    public string? Options { get; init; }

    /// <summary>The metadata entries that hold this state.</summary>
    public IReadOnlyDictionary<string, string> ToExtra()
    {
        var extra = new Dictionary<string, string>
        {
            ["task"] = "classifier",
            ["fold"] = Fold.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
            ["bestAccuracy"] = BestAccuracy.ToString("R", CultureInfo.InvariantCulture),
            ["bestEpoch"] = BestEpoch.ToString(CultureInfo.InvariantCulture),
            ["dataset"] = Dataset,
            ["classNames"] = JsonSerializer.Serialize(ClassNames),
        };
        if (Accuracy is { } a) extra["accuracy"] = a.ToString("R", CultureInfo.InvariantCulture);
        if (LabelsCsv != null) extra["labelsCsv"] = LabelsCsv;
        if (Options != null) extra["training"] = Options;
        return extra;
    }

    /// <summary>The state in a checkpoint's metadata; null when it is not a classifier training checkpoint.</summary>
    public static ClassifierTrainingState? From(Checkpoints.CheckpointMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var extra = metadata.Extra;
        if (extra == null || !extra.TryGetValue("task", out var task) || task != "classifier") return null;
        int Int(string key) => int.Parse(extra[key], CultureInfo.InvariantCulture);
        return new ClassifierTrainingState
        {
            Fold = Int("fold"),
            Epoch = metadata.Epoch ?? 0,
            Epochs = Int("epochs"),
            Step = metadata.Step ?? 0,
            BestAccuracy = double.Parse(extra["bestAccuracy"], CultureInfo.InvariantCulture),
            BestEpoch = Int("bestEpoch"),
            Accuracy = extra.TryGetValue("accuracy", out var a) ? double.Parse(a, CultureInfo.InvariantCulture) : null,
            Dataset = extra["dataset"],
            LabelsCsv = extra.GetValueOrDefault("labelsCsv"),
            ClassNames = JsonSerializer.Deserialize<string[]>(extra["classNames"]) ?? [],
            Options = extra.GetValueOrDefault("training"),
        };
    }
}
