using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Training.Datasets.Inventory;

/// <summary>
/// Finds the dataset folders under a destination and reads their audio headers: a folder with a completion marker is a
/// dataset; a folder whose children carry markers (<c>LibriSpeech/</c>) is looked into; any other folder (Xeno-canto
/// downloads, hand-made sets) is a dataset of its own. Hidden files and folders (work areas, markers) are ignored.
/// </summary>
public static class DatasetInventory
{
    private const int MaxContainerDepth = 3;

    /// <summary>Summarises every dataset folder under <paramref name="root"/>, sorted by path.</summary>
    /// <exception cref="DatasetException"><paramref name="root"/> does not exist.</exception>
    public static IReadOnlyList<DatasetFolderSummary> Scan(string root, IDatasetProgress? progress = null, CancellationToken cancellationToken = default)
    {
        string full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
            throw new DatasetException($"{full}: no such folder (download something first with `neuralaudio datasets download`)");
        progress ??= NullDatasetProgress.Instance;
        var result = new List<DatasetFolderSummary>();
        ScanLevel(full, full, 0, result, progress, cancellationToken);
        return result.OrderBy(s => s.RelativePath, StringComparer.Ordinal).ToList();
    }

    private static void ScanLevel(string root, string directory, int depth, List<DatasetFolderSummary> result, IDatasetProgress progress, CancellationToken ct)
    {
        foreach (var sub in Directory.EnumerateDirectories(directory).Where(d => !IsHidden(d)).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            if (!File.Exists(Path.Combine(sub, DatasetMarker.FileName)) && depth < MaxContainerDepth && HoldsMarkedFolders(sub))
                ScanLevel(root, sub, depth + 1, result, progress, ct);
            else
                result.Add(Summarize(root, sub, progress, ct));
        }
    }

    private static bool HoldsMarkedFolders(string directory) =>
        Directory.EnumerateDirectories(directory).Any(d => !IsHidden(d) && File.Exists(Path.Combine(d, DatasetMarker.FileName)));

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    /// <summary>Summarises one folder and everything below it.</summary>
    public static DatasetFolderSummary Summarize(string root, string directory, IDatasetProgress? progress = null, CancellationToken cancellationToken = default)
    {
        progress ??= NullDatasetProgress.Instance;
        string relative = Path.GetRelativePath(root, directory).Replace(Path.DirectorySeparatorChar, '/');
        DatasetMarker? marker = null;
        try { marker = DatasetMarker.TryRead(directory); }
        catch (DatasetException e) { progress.Warn(e.Message); }

        var files = EnumerateVisibleFiles(directory).ToList();
        var rates = new SortedDictionary<int, int>();
        var channels = new SortedDictionary<int, int>();
        var formats = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var unreadable = new List<string>();
        int audio = 0, other = 0;
        var total = TimeSpan.Zero;
        using var task = progress.StartTask($"scan {relative}", files.Count, ProgressUnit.Items);
        for (int i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string file = files[i];
            if (!AudioFileInfo.Extensions.Contains(Path.GetExtension(file)))
            {
                other++;
            }
            else
            {
                try
                {
                    var info = AudioFileInfo.Read(file);
                    audio++;
                    total += info.Duration;
                    Increment(rates, info.SampleRate);
                    Increment(channels, info.Channels);
                    Increment(formats, info.Format);
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    unreadable.Add($"{Path.GetRelativePath(root, file)}: {e.Message}");
                }
            }
            task.SetValue(i + 1);
        }

        return new DatasetFolderSummary
        {
            RelativePath = relative,
            Marker = marker,
            AudioFiles = audio,
            OtherFiles = other,
            TotalDuration = total,
            SampleRates = rates,
            Channels = channels,
            Formats = formats,
            Unreadable = unreadable,
        };
    }

    private static IEnumerable<string> EnumerateVisibleFiles(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            if (!IsHidden(file)) yield return file;
        foreach (var sub in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
            if (!IsHidden(sub))
                foreach (var file in EnumerateVisibleFiles(sub)) yield return file;
    }

    private static void Increment<TKey>(SortedDictionary<TKey, int> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
