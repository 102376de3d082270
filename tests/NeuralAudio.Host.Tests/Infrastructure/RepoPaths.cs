namespace NeuralAudio.Host.Tests.Infrastructure;

/// <summary>Folders of the repository, found by walking up from the test assembly to NeuralAudio.sln.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuralAudio.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuralAudio.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => root.Value;

    public static string HostProject => Path.Combine(Root, "targets", "host");

    public static string HostGenerated => Path.Combine(HostProject, "generated");

    public static string Esp32Generated => Path.Combine(Root, "targets", "esp32s3", "main", "generated");

    public static string Goldens => Path.Combine(HostProject, "tests", "golden");

    public static string BadInputs => Path.Combine(HostProject, "tests", "bad");
}

/// <summary>A scratch folder under the system temp folder, removed on disposal.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string tag)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"neuralaudio-{tag}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
