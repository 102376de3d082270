using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Training.Datasets.Inventory;

/// <summary>Figures for one dataset folder.</summary>
public sealed record DatasetFolderSummary
{
    /// <summary>Path relative to the scanned folder ('/'-separated).</summary>
    public required string RelativePath { get; init; }

    /// <summary>The completion marker when this tool installed the folder, otherwise null.</summary>
    public DatasetMarker? Marker { get; init; }

    /// <summary>Audio files whose headers were read.</summary>
    public int AudioFiles { get; init; }

    /// <summary>Other files (metadata, transcripts, attribution).</summary>
    public int OtherFiles { get; init; }

    /// <summary>Sum of the readable audio files' durations.</summary>
    public TimeSpan TotalDuration { get; init; }

    /// <summary>Audio file count per sample rate.</summary>
    public required IReadOnlyDictionary<int, int> SampleRates { get; init; }

    /// <summary>Audio file count per channel count.</summary>
    public required IReadOnlyDictionary<int, int> Channels { get; init; }

    /// <summary>Audio file count per format (wav, mp3, flac).</summary>
    public required IReadOnlyDictionary<string, int> Formats { get; init; }

    /// <summary>Audio files whose headers could not be read, with the reason.</summary>
    public required IReadOnlyList<string> Unreadable { get; init; }
}
