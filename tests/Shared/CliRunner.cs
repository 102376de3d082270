using System.Diagnostics;

namespace NeuralAudio.TestSupport;

/// <summary>Runs the neuralaudio tool built next to the tests in a child process and captures what it prints.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(params string[] args) => Run(TimeSpan.FromSeconds(240), args);

    public static Result Run(TimeSpan timeout, params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "neuralaudio.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("neuralaudio " + string.Join(" ", args) + $" did not finish in {timeout.TotalSeconds} s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
