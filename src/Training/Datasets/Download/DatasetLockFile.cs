using System.Text.Json;

namespace NeuralAudio.Training.Datasets.Download;

/// <summary>
/// <c>&lt;dest&gt;/datasets.lock.json</c>: SHA-256 values seen on a first trusted download, verified on every later one.
/// </summary>
public sealed class DatasetLockFile
{
    /// <summary>The lock file's name inside the destination folder.</summary>
    public const string FileName = "datasets.lock.json";

    private readonly SortedDictionary<string, LockedChecksum> _entries;

    private DatasetLockFile(string path, SortedDictionary<string, LockedChecksum> entries)
    {
        Path = path;
        _entries = entries;
    }

    /// <summary>Where the lock file lives.</summary>
    public string Path { get; }

    /// <summary>The recorded checksum for <paramref name="name"/>, or null.</summary>
    public LockedChecksum? Get(string name) => _entries.GetValueOrDefault(name);

    /// <summary>Reads the lock file in <paramref name="destination"/>; an absent file is an empty lock.</summary>
    /// <exception cref="DatasetException">The file exists but is not a valid lock file.</exception>
    public static DatasetLockFile Load(string destination)
    {
        string path = System.IO.Path.Combine(destination, FileName);
        var entries = new SortedDictionary<string, LockedChecksum>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            try
            {
                var file = JsonSerializer.Deserialize<LockFileJson>(File.ReadAllText(path), DatasetMarker.JsonOptions);
                foreach (var (name, entry) in file?.Datasets ?? [])
                {
                    if (entry.Sha256 is not { Length: 64 })
                        throw new DatasetException($"{path}: entry '{name}' has no valid sha256; fix or delete the entry");
                    entries[name] = entry with { Sha256 = entry.Sha256.ToLowerInvariant() };
                }
            }
            catch (JsonException e)
            {
                throw new DatasetException($"{path}: not a valid lock file ({e.Message}); fix or delete it", e);
            }
        }
        return new DatasetLockFile(path, entries);
    }

    /// <summary>Records <paramref name="entry"/> for <paramref name="name"/> and rewrites the file atomically.</summary>
    public async Task RecordAsync(string name, LockedChecksum entry, CancellationToken cancellationToken)
    {
        _entries[name] = entry;
        var json = JsonSerializer.Serialize(new LockFileJson { Datasets = new Dictionary<string, LockedChecksum>(_entries) }, DatasetMarker.JsonOptions);
        await AtomicFile.WriteAllTextAsync(Path, json + "\n", cancellationToken).ConfigureAwait(false);
    }

    private sealed class LockFileJson
    {
        public string Comment { get; set; } =
            "SHA-256 values recorded by `neuralaudio datasets download --trust-on-first-download` for datasets that datasets.json does not pin.";

        public Dictionary<string, LockedChecksum>? Datasets { get; set; }
    }
}
