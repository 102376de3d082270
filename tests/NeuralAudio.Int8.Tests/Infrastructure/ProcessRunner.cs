using System.ComponentModel;
using System.Diagnostics;

namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>Runs a program with binary stdin/stdout; a non-zero exit fails with the command line and stderr.</summary>
internal static class ProcessRunner
{
    public static byte[] Run(string executable, IEnumerable<string> arguments, byte[]? stdin, string what)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // Leak checking needs ptrace, which containers often forbid; generated code never allocates anyway.
        psi.Environment["ASAN_OPTIONS"] = "detect_leaks=0";
        psi.Environment["UBSAN_OPTIONS"] = "print_stacktrace=1";
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {executable}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{executable}' could not be started ({e.Message}); the C tests need gcc on PATH (or set CC).", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var writer = Task.Run(() =>
            {
                try
                {
                    using var input = process.StandardInput.BaseStream;
                    if (stdin != null) input.Write(stdin);
                }
                catch (IOException)
                {
                    // The program died early; its exit code and stderr say why.
                }
            });
            var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            writer.Wait();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{what} failed (exit {process.ExitCode}):\n{executable} {string.Join(' ', psi.ArgumentList)}\n{Truncate(stderr.Result)}");
            }
            return output.ToArray();
        }
    }

    private static string Truncate(string text) => text.Length <= 20000 ? text : text[..20000] + "\n... (truncated)";
}
