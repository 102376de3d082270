using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuralAudio.Training.Datasets.Download;

/// <summary>
/// The completion marker, <c>.neuralaudio-dataset.json</c>, written as the last file of an extraction before the folder
/// is renamed into place: a dataset folder with this file is complete.
/// </summary>
public sealed record DatasetMarker
{
    /// <summary>The marker's file name.</summary>
    public const string FileName = ".neuralaudio-dataset.json";

    /// <summary>Dataset name from the catalog.</summary>
    public required string Name { get; init; }

    /// <summary>Dataset title.</summary>
    public string? Title { get; init; }

    /// <summary>The URL the archive came from.</summary>
    public required string Url { get; init; }

    /// <summary>SHA-256 of the archive.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Archive size in bytes.</summary>
    public long ArchiveBytes { get; init; }

    /// <summary>Whether the SHA-256 was pinned in datasets.json (<c>pinned</c>) or recorded on first download (<c>lock</c>).</summary>
    public string? Verification { get; init; }

    /// <summary>Regular files extracted (the marker not included).</summary>
    public int Files { get; init; }

    /// <summary>Bytes extracted.</summary>
    public long Bytes { get; init; }

    /// <summary>License of the data.</summary>
    public string? License { get; init; }

    /// <summary>When the dataset was installed (UTC).</summary>
    public DateTimeOffset InstalledAt { get; init; }

    /// <summary>Reads the marker in <paramref name="directory"/>, or null when there is none.</summary>
    /// <exception cref="DatasetException">The marker exists but cannot be read.</exception>
    public static DatasetMarker? TryRead(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<DatasetMarker>(File.ReadAllText(path), JsonOptions)
                ?? throw new DatasetException($"{path}: the completion marker is empty");
        }
        catch (JsonException e)
        {
            throw new DatasetException($"{path}: the completion marker is not valid JSON ({e.Message}); delete the folder and download again", e);
        }
    }

    /// <summary>Writes the marker into <paramref name="directory"/>.</summary>
    public Task WriteAsync(string directory, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, JsonOptions) + "\n", cancellationToken);

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // files on disk, not HTML
    };
}
