using System.Diagnostics;
using System.Text.Json;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Cli.Commands.Bench;

/// <summary>
/// The C int8 engine: writes the benchmarked graphs' int8 weights as <c>&lt;symbol&gt;_weights.c</c>, builds
/// <c>targets/host</c>'s <c>na_bench</c> with <c>NA_HOST_O3=ON</c> (gcc -O3) against them, and runs it per graph.
/// </summary>
internal sealed class NaBenchRunner
{
    private readonly string executable;

    private NaBenchRunner(string executable) => this.executable = executable;

    /// <summary>Builds na_bench in <paramref name="workDir"/>; returns the runner, or null and why not (no cmake, a build error).</summary>
    public static (NaBenchRunner? Runner, string? Error) Build(string hostDir, string workDir, IEnumerable<(DeployGraph Graph, QuantizedModel Model)> graphs, TextWriter progress)
    {
        var weights = Path.Combine(workDir, "weights");
        if (Directory.Exists(weights)) Directory.Delete(weights, recursive: true);
        Directory.CreateDirectory(weights);
        foreach (var (graph, model) in graphs)
            File.WriteAllText(Path.Combine(weights, CNames.WeightsFile(graph)), CWeightsEmitter.Emit(graph, model));
        var build = Path.Combine(workDir, "build");
        progress.WriteLine($"  building na_bench (-O3) in {build}");
        var configure = Run("cmake", "-S", hostDir, "-B", build, "-DNA_HOST_O3=ON", "-DCMAKE_BUILD_TYPE=Release", "-DNA_WEIGHTS_DIR=" + weights);
        if (configure.ExitCode != 0) return (null, "cmake configure failed: " + Tail(configure.Output));
        var make = Run("cmake", "--build", build, "--target", "na_bench", "-j", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (make.ExitCode != 0) return (null, "na_bench build failed: " + Tail(make.Output));
        var exe = Path.Combine(build, "na_bench");
        return File.Exists(exe) ? (new NaBenchRunner(exe), null) : (null, $"{exe} was not built");
    }

    /// <summary>Runs one graph on the raw PCM file; the parsed JSON line, or an error message.</summary>
    public (JsonElement? Result, string? Error) Measure(string model, string pcmFile, int repeats)
    {
        var r = Run(executable, "--model", model, "--pcm", pcmFile, "--repeats", repeats.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (r.ExitCode != 0) return (null, $"na_bench exit {r.ExitCode}: {Tail(r.Output)}");
        var line = r.Output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (line == null) return (null, "na_bench printed no JSON");
        using var doc = JsonDocument.Parse(line);
        return (doc.RootElement.Clone(), null);
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"cannot run {file}: {e.Message}");
        }
    }

    private static string Tail(string text)
    {
        var lines = text.Trim().Split('\n');
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 3)));
    }
}
