using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Runtime.Serialization;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Quantization;

namespace NeuralAudio.Cli.Commands;

/// <summary>
/// <c>neuralaudio emulate</c>: runs a model's int8 path on a WAV exactly as the device would (the generated C# class,
/// or the generated C through <c>na_host</c>) and reports its codes or label next to the float model's.
/// </summary>
public static class EmulateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model id, e.g. tinystream.", Required = true };
        var variant = new Option<string>("--variant") { Description = "Variant name, e.g. tiny.", Required = true };
        var input = new Option<string>("--input") { Description = "WAV file at the model's sample rate.", Required = true };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint with the float weights (default: --seed 1)." };
        var seed = new Option<int?>("--seed") { Description = "Seeded random float weights instead of a checkpoint." };
        var weights = new Option<string?>("--weights") { Description = "Exported int8 weights (.naw); default: quantise the float weights now." };
        var calibration = new Option<string?>("--calibration") { Description = "WAV folder to calibrate on when quantising now (default: synthetic audio)." };
        var backend = new Option<string>("--backend") { Description = "csharp (generated C# class) or c (generated C through na_host).", DefaultValueFactory = _ => "csharp" };
        backend.AcceptOnlyFromAmong("csharp", "c");
        var naHost = new Option<string?>("--na-host") { Description = "Path of the na_host binary for --backend c (default: build/host/na_host)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var layers = new Option<bool>("--layers") { Description = "Also print each op's int8 output SNR and drift against float on this clip." };

        var command = new Command("emulate", "Run a model's int8 code on a WAV as the device would, with float-vs-int8 agreement figures.");
        foreach (var option in new Option[] { model, variant, input, checkpoint, seed, weights, calibration, backend, naHost, json, layers })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var found = ModelCatalog.Get(parse.GetRequiredValue(model), parse.GetRequiredValue(variant));
                if (parse.GetValue(checkpoint) != null && parse.GetValue(seed) != null)
                    return Fail(stderr, "give at most one of --checkpoint FILE or --seed N");
                var graph = found.BuildGraph();
                var pcm = ReadPcm(parse.GetRequiredValue(input), graph.SampleRate);

                using NeuralModule module = parse.GetValue(checkpoint) is { } ck
                    ? CheckpointModel.Load(found, ck)
                    : SeededModel.Create(found, parse.GetValue(seed) ?? 1);
                module.eval();
                var deploy = Lowering.Lower(graph);
                var quantized = parse.GetValue(weights) is { } w
                    ? LoadWeights(w, found)
                    : Exporter.Quantize(found, module, new ExportOptions { CalibrationFolder = parse.GetValue(calibration) }).Model;

                var report = Int8Agreement.Measure(found, module, deploy, quantized, pcm);
                if (parse.GetValue(layers))
                    report = report with { Layers = LayerErrors.Measure(deploy, quantized, module, new[] { LayerClip(deploy, pcm) }) };
                if (parse.GetRequiredValue(backend) == "c")
                    report = report with { Backend = "c", CBackend = RunNaHost(parse.GetValue(naHost), found, parse.GetRequiredValue(input)) };
                if (parse.GetValue(json))
                    stdout.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions
                    {
                        WriteIndented = true,
                        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
                    }));
                else
                    report.Print(stdout);
                return 0;
            }
            catch (Exception e) when (e is CheckpointException or AudioFileException or QuantizationException or QuantizedModelFileException
                or KeyNotFoundException or DslException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                return Fail(stderr, e.Message);
            }
        });
        return command;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        return 1;
    }

    /// <summary>
    /// The WAV as int16 PCM, refusing a file at another rate: the device runs at one rate, so silently resampling here
    /// would emulate something the device never sees.
    /// </summary>
    private static short[] ReadPcm(string path, int sampleRate)
    {
        var (samples, rate) = WavAudio.ReadMonoNative(path);
        if (rate != sampleRate)
            throw new AudioFileException(path, $"{path}: sample rate is {rate} Hz but the model runs at {sampleRate} Hz; resample it first");
        var pcm = new short[samples.Length];
        for (int i = 0; i < pcm.Length; i++)
            pcm[i] = (short)Math.Clamp(MathF.Round(samples[i] * 32768f), short.MinValue, short.MaxValue);
        return pcm;
    }

    /// <summary>The clip the int8 path ran, as float audio: a classifier's window (zero-padded like na_host), or the whole stream.</summary>
    private static float[] LayerClip(DeployGraph deploy, short[] pcm)
    {
        var samples = deploy.Streaming ? pcm : Int8Agreement.Window(pcm, deploy.StepInputSamples);
        return samples.Select(s => s / 32768f).ToArray();
    }

    private static QuantizedModel LoadWeights(string path, ModelVariant variant)
    {
        var model = QuantizedModelFile.Load(path);
        if (model.StructureHash != variant.StructureHash || model.ModelId != variant.ModelId)
            throw new QuantizedModelFileException(path,
                $"{path}: weights were exported for {model.ModelId}/{model.Variant} (structure {model.StructureHash}), not {variant.FullName} (structure {variant.StructureHash})");
        return model;
    }

    /// <summary>Runs the generated C through na_host and returns its JSON verbatim.</summary>
    private static JsonElement RunNaHost(string? path, ModelVariant variant, string wav)
    {
        path ??= Path.Combine(RepositoryRoot.Find(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), "build", "host", "na_host");
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path}: na_host not found; build it with cmake -S targets/host -B build/host && cmake --build build/host, or pass --na-host");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--model");
        start.ArgumentList.Add(variant.FullName);
        start.ArgumentList.Add(wav);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{path}: could not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{path} failed ({process.ExitCode}): {error.Trim()}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
