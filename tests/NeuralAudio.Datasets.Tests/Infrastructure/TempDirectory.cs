namespace NeuralAudio.Datasets.Tests.Infrastructure;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "neuralaudio-datasets-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Every file and folder under the root, relative, '/'-separated, sorted.</summary>
    public IReadOnlyList<string> Tree() =>
        Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories)
            .Select(p => System.IO.Path.GetRelativePath(Path, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
