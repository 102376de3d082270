using System.Text;

namespace NeuralAudio.Training.Datasets.Download;

/// <summary>Writes a file under a temporary name beside it and renames it into place, so readers see old or new, never half.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> atomically.</summary>
    public static async Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default)
    {
        string temp = TempPathFor(path);
        try
        {
            await File.WriteAllTextAsync(temp, contents, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A temporary name in the same folder as <paramref name="path"/> (so the final rename stays on one filesystem).</summary>
    public static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Deletes a file if it is there, ignoring failures (used on cleanup paths).</summary>
    public static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Deletes a folder tree if it is there, ignoring failures (used on cleanup paths).</summary>
    public static void TryDeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
