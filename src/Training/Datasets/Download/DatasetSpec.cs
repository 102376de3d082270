namespace NeuralAudio.Training.Datasets.Download;

/// <summary>One downloadable dataset as <c>datasets.json</c> describes it.</summary>
public sealed record DatasetSpec
{
    /// <summary>Identifier used on the command line and in override keys, e.g. <c>esc50</c> or <c>librispeech-dev-clean</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Human-readable title.</summary>
    public required string Title { get; init; }

    /// <summary>Family the dataset belongs to (<c>esc50</c>, <c>librispeech</c>).</summary>
    public required string Group { get; init; }

    /// <summary>Subset name within the family (<c>dev-clean</c>), or null.</summary>
    public string? Subset { get; init; }

    /// <summary>Official download URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>Environment variable that overrides <see cref="Url"/> (for mirrors), or null.</summary>
    public string? UrlEnvironmentVariable { get; init; }

    /// <summary>File name the archive is stored under while it is downloaded.</summary>
    public required string ArchiveFileName { get; init; }

    /// <summary>How the archive is packed.</summary>
    public required ArchiveFormat Format { get; init; }

    /// <summary>Pinned SHA-256 of the archive (lower-case hex), or null when none is pinned.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Pinned MD5 of the archive (lower-case hex) as a publisher lists it, or null.</summary>
    public string? Md5 { get; init; }

    /// <summary>Pinned size of the archive in bytes, or null.</summary>
    public long? Size { get; init; }

    /// <summary>Folder (relative to the destination, '/'-separated) that holds the extracted dataset.</summary>
    public required string Directory { get; init; }

    /// <summary>Archive path prefixes removed from entry names; the first that matches an entry is removed.</summary>
    public IReadOnlyList<string> StripPrefixes { get; init; } = [];

    /// <summary>Relative paths that must exist after extraction, or the archive is not what it claims to be.</summary>
    public IReadOnlyList<string> Expect { get; init; } = [];

    /// <summary>License of the data.</summary>
    public string? License { get; init; }

    /// <summary>Where the dataset is described.</summary>
    public string? Homepage { get; init; }
}
