using System.Diagnostics;
using NeuralAudio.Models;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Export;
using TorchSharp;

namespace NeuralAudio.Codec.Tests;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "na-codec-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public IReadOnlyList<string> Entries() =>
        Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToList()!;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Seeded codec checkpoints (CheckpointFile, section "model", metadata for the variant).</summary>
internal static class TestCheckpoints
{
    public static ModelVariant UltraTiny => ModelCatalog.Get("tinystream", "ultra_tiny");
    public static ModelVariant Tiny => ModelCatalog.Get("tinystream", "tiny");

    private static readonly object Gate = new();

    /// <summary>Writes seeded weights of <paramref name="variant"/> to <paramref name="path"/>.</summary>
    public static string Write(string path, ModelVariant variant, int seed = 1)
    {
        lock (Gate)
        {
            using var module = SeededModel.Create(variant, seed);
            CheckpointFile.Save(path, CheckpointMetadata.For(variant), new Dictionary<string, torch.nn.Module> { ["model"] = module });
        }
        return path;
    }
}

/// <summary>Runs the neuralaudio tool built next to the tests in a child process and captures what it prints.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
    }

    public static Result Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "neuralaudio.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("neuralaudio " + string.Join(" ", args) + " did not finish in 180 s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
