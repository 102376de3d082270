using System.CommandLine;
using System.Globalization;
using NeuralAudio.ModelDsl;
using NeuralAudio.Training.Quantization;

namespace NeuralAudio.Cli.Commands.Bench;

/// <summary>
/// <c>neuralaudio bench inference</c>, also the action of plain <c>neuralaudio bench</c>: C int8, C# int8,
/// TorchSharp float and ONNX Runtime float on the same graphs, weights and audio; a markdown table and JSON.
/// </summary>
public static class InferenceBenchCommand
{
    /// <summary>Every graph benchmarked by default: each TinyStream config, the SoundStream encoder, both classifiers.</summary>
    public static readonly IReadOnlyList<string> DefaultModels = new[]
    {
        "tinystream/ultra_tiny", "tinystream/tiny", "tinystream/tiny_c10", "tinystream/small", "tinystream/medium", "tinystream/full",
        "soundstream/tiny", "acdnet/esc50", "micro-acdnet/esc50",
    };

    /// <summary>The <c>inference</c> subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("inference", "Inference speed and memory: generated C int8, generated C# int8, TorchSharp float, ONNX Runtime float.");
        Configure(command);
        return command;
    }

    /// <summary>Adds the benchmark's options and action to <paramref name="command"/> (the <c>bench</c> parent uses it as its default).</summary>
    public static void Configure(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var quick = new Option<bool>("--quick") { Description = "A short run (1 s clips, 2 repeats, 20 streaming calls): under 2 minutes." };
        var models = new Option<string?>("--models") { Description = "Comma-separated model/variant list (default: every TinyStream config, soundstream/tiny, acdnet/esc50, micro-acdnet/esc50)." };
        var seconds = new Option<double?>("--seconds") { Description = "Seconds of audio per encoder clip (default 4, --quick 1)." };
        var repeats = new Option<int?>("--repeats") { Description = "Whole-clip repeats per engine; the best counts (default 5, --quick 2)." };
        var hops = new Option<int?>("--hops") { Description = "Most streaming calls timed per engine (default 100, --quick 20)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the float weights and the audio.", DefaultValueFactory = _ => 1 };
        var json = new Option<string>("--json") { Description = "Where to write the JSON report.", DefaultValueFactory = _ => "neuralaudio-bench.json" };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the markdown table to this file." };
        var hostDir = new Option<string?>("--host-dir") { Description = "targets/host of this repository (default: found above the current folder)." };
        var work = new Option<string?>("--work") { Description = "Folder for the C weights and the na_bench build (default: a folder under the system temp folder)." };
        foreach (var o in new Option[] { quick, models, seconds, repeats, hops, seed, json, markdown, hostDir, work }) command.Options.Add(o);

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            bool q = parse.GetValue(quick);
            var list = parse.GetValue(models) is { } m ? m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : DefaultModels.ToArray();
            var options = new InferenceBenchOptions(list, parse.GetValue(seconds) ?? (q ? 1 : 4), parse.GetValue(repeats) ?? (q ? 2 : 5),
                parse.GetValue(hops) ?? (q ? 20 : 100), parse.GetValue(seed),
                parse.GetValue(hostDir) ?? FindHostDir(),
                parse.GetValue(work) ?? Path.Combine(Path.GetTempPath(), "neuralaudio-bench"));
            if (options.ClipSeconds <= 0 || options.Repeats < 1 || options.MaxHops < 1)
                return Fail(stderr, "--seconds, --repeats and --hops must be positive");
            if (options.HostDir != null && !File.Exists(Path.Combine(options.HostDir, "CMakeLists.txt")))
                return Fail(stderr, $"{options.HostDir}: no CMakeLists.txt (is it targets/host?)");
            try
            {
                stderr.WriteLine($"bench: {list.Length} graph(s), 4 engines, single-threaded");
                var report = new InferenceBench(options, stderr).Run();
                var text = report.ToMarkdown();
                stdout.WriteLine(text);
                File.WriteAllText(parse.GetRequiredValue(json), report.ToJson());
                if (parse.GetValue(markdown) is { } md) File.WriteAllText(md, text);
                stderr.WriteLine($"bench: wrote {parse.GetRequiredValue(json)}");
                return 0;
            }
            catch (Exception e) when (e is KeyNotFoundException or DslException or QuantizationException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                return Fail(stderr, e.Message);
            }
        });
    }

    private static string? FindHostDir()
    {
        var root = RepositoryRoot.Find(Directory.GetCurrentDirectory()) ?? RepositoryRoot.Find(AppContext.BaseDirectory);
        return root == null ? null : Path.Combine(root, "targets", "host");
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        return 1;
    }
}
