using System.ComponentModel;
using System.Diagnostics;

namespace NeuralAudio.Host.Tests.Infrastructure;

/// <summary>What a finished process printed and returned.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
{
    public override string ToString() => $"{Command}\nexit {ExitCode} after {Elapsed.TotalSeconds:0.0} s\nstdout:\n{Tail(StdOut)}\nstderr:\n{Tail(StdErr)}";

    private static string Tail(string text) => text.Length <= 20000 ? text : "... (truncated)\n" + text[^20000..];
}

/// <summary>Runs programs with captured output and a time limit; a program that cannot start fails with its name.</summary>
public static class Processes
{
    public static ProcessResult Run(string executable, IEnumerable<string> arguments, string? workingDirectory = null, int timeoutSeconds = 600)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // Leak checking needs ptrace, which containers often forbid.
        psi.Environment["ASAN_OPTIONS"] = "detect_leaks=0";
        string command = executable + " " + string.Join(' ', psi.ArgumentList.Select(a => a.Contains(' ') ? "\"" + a + "\"" : a));
        var clock = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {executable}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{executable}' could not be started ({e.Message}); these tests need cmake, ctest and a C compiler on PATH.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} did not finish in {timeoutSeconds} s");
            }
            process.WaitForExit();
            return new ProcessResult(command, process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
        }
    }

    /// <summary>The neuralaudio tool built next to the tests, as the build runs it.</summary>
    public static ProcessResult Neuralaudio(string workingDirectory, params string[] arguments) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "neuralaudio.dll"), .. arguments], workingDirectory, 300);

    public static ProcessResult Checked(ProcessResult result)
    {
        if (result.ExitCode != 0) throw new InvalidOperationException("command failed:\n" + result);
        return result;
    }
}
