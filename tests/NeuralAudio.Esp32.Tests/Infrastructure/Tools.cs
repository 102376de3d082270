using System.Diagnostics;
using NeuralAudio.Cli.Commands;

namespace NeuralAudio.Esp32.Tests.Infrastructure;

/// <summary>Processes the tests run: the neuralaudio tool built next to them, bash scripts, the host C compiler.</summary>
internal static class Tools
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + StdErr;
    }

    /// <summary>The repository root (the folder holding NeuralAudio.sln above the test binaries).</summary>
    public static string Repo { get; } = RepositoryRoot.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("no NeuralAudio.sln above " + AppContext.BaseDirectory);

    public static string RepoPath(params string[] parts) => Path.Combine([Repo, .. parts]);

    /// <summary>neuralaudio ARGS, run from <paramref name="workingDirectory"/> (default: the repository).</summary>
    public static Result Neuralaudio(string? workingDirectory, params string[] args) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "neuralaudio.dll"), .. args], workingDirectory ?? Repo, 180);

    public static Result Run(string program, IEnumerable<string> args, string? workingDirectory = null, int timeoutSeconds = 240)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repo,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(" ", args)} did not finish in {timeoutSeconds} s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs and asserts exit code 0, showing the output otherwise.</summary>
    public static Result RunOk(string program, IEnumerable<string> args, string? workingDirectory = null, int timeoutSeconds = 240)
    {
        var r = Run(program, args, workingDirectory, timeoutSeconds);
        Assert.True(r.ExitCode == 0, $"{program} {string.Join(" ", args)} exited {r.ExitCode}:\n{r.StdOut}\n{r.StdErr}");
        return r;
    }
}
