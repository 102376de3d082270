using System.ComponentModel;
using System.Diagnostics;

namespace NeuralAudio.Runtime.Tests.Infrastructure;

/// <summary>Runs gcc (or $CC) and fails with its full output when a build fails.</summary>
internal static class CCompiler
{
    /// <summary>The flags every build of the kernels must pass.</summary>
    public static readonly string[] StrictFlags = ["-std=c99", "-Wall", "-Wextra", "-Werror"];

    public static string Executable => Environment.GetEnvironmentVariable("CC") is { Length: > 0 } cc ? cc : "gcc";

    /// <summary>Compiles and returns nothing; throws with the compiler's output on failure.</summary>
    public static void Run(IEnumerable<string> arguments, string what)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Executable}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"The C compiler '{Executable}' was not found ({e.Message}). The C kernel tests need gcc on PATH (or set CC).", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{what} failed (exit {process.ExitCode}):\n{Executable} {string.Join(' ', psi.ArgumentList)}\n{stdout}{stderr.Result}");
            }
        }
    }

    /// <summary>Builds the kernels and the test driver into one executable.</summary>
    public static string BuildDriver(string outputDirectory, string name, IEnumerable<string> extraFlags)
    {
        string exe = Path.Combine(outputDirectory, name);
        var args = new List<string>(StrictFlags);
        args.AddRange(extraFlags);
        args.Add("-I" + RepoPaths.KernelSources);
        args.AddRange(RepoPaths.KernelFiles);
        args.Add(RepoPaths.Driver);
        args.Add("-o");
        args.Add(exe);
        Run(args, $"building {name}");
        return exe;
    }
}
