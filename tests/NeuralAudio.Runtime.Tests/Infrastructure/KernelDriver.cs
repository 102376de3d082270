using System.Diagnostics;

namespace NeuralAudio.Runtime.Tests.Infrastructure;

/// <summary>A compiled kernel_driver: sends a batch of requests through one process and returns each output.</summary>
internal sealed class KernelDriver(string executable)
{
    public string Executable { get; } = executable;

    public IReadOnlyList<byte[]> Run(IReadOnlyList<KernelRequest> requests)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Leak checking needs ptrace, which containers often forbid; the kernels never allocate anyway.
        psi.Environment["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0";
        psi.Environment["UBSAN_OPTIONS"] = "print_stacktrace=1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Executable}");
        var stderr = process.StandardError.ReadToEndAsync();
        var writer = Task.Run(() =>
        {
            try
            {
                using var input = process.StandardInput.BaseStream;
                var buffered = new BufferedStream(input, 1 << 16);
                foreach (var r in requests) r.WriteTo(buffered);
                buffered.Flush();
            }
            catch (IOException)
            {
                // The driver died early; its exit code and stderr tell why.
            }
        });
        var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        writer.Wait();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(Executable)} exited with {process.ExitCode}:\n{stderr.Result}");

        var bytes = output.ToArray();
        var results = new List<byte[]>(requests.Count);
        int pos = 0;
        while (pos < bytes.Length)
        {
            int n = BitConverter.ToInt32(bytes, pos);
            results.Add(bytes.AsSpan(pos + 4, n).ToArray());
            pos += 4 + n;
        }
        if (results.Count != requests.Count)
            throw new InvalidOperationException($"{requests.Count} requests but {results.Count} responses:\n{stderr.Result}");
        return results;
    }
}
