using System.CommandLine;
using System.Globalization;
using NeuralAudio.ModelDsl;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Serialization;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Calibration;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Export.Onnx;
using NeuralAudio.Training.Quantization;

namespace NeuralAudio.Cli.Commands;

/// <summary>
/// <c>neuralaudio export</c>: float weights (a checkpoint, or seeded random weights) plus calibration audio to int8
/// deployment files: <c>&lt;symbol&gt;.naw</c> (C# inference) and <c>&lt;symbol&gt;.manifest.json</c>; with
/// <c>--format onnx</c>, the float deployed part as <c>&lt;symbol&gt;.onnx</c> instead.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint file with the trained float weights." };
        var seed = new Option<int?>("--seed") { Description = "Export seeded random float weights instead of a checkpoint (tests, bring-up)." };
        var model = new Option<string>("--model") { Description = "Model id, e.g. tinystream.", Required = true };
        var variant = new Option<string>("--variant") { Description = "Variant name, e.g. ultra_tiny.", Required = true };
        var calibration = new Option<string?>("--calibration") { Description = "Folder of WAV files to calibrate on (default: seeded synthetic audio)." };
        var method = new Option<string>("--calibration-method")
        {
            Description = "Activation ranges: minmax (nothing clips on the calibration set), percentile (trims both tails) or mse (least int8 error).",
            DefaultValueFactory = _ => "minmax",
        };
        method.AcceptOnlyFromAmong("minmax", "percentile", "mse");
        var percentile = new Option<double>("--percentile") { Description = "Kept percentage of each tail for --calibration-method percentile.", DefaultValueFactory = _ => 99.99 };
        var clips = new Option<int>("--clips") { Description = "Most calibration clips to use.", DefaultValueFactory = _ => 64 };
        var calibrationSeed = new Option<int>("--calibration-seed") { Description = "Seed of the synthetic calibration audio.", DefaultValueFactory = _ => 1 };
        var target = new Option<string>("--target") { Description = "Build target recorded in the manifest.", DefaultValueFactory = _ => "host" };
        target.AcceptOnlyFromAmong(ExportOptions.Targets.ToArray());
        var inputRange = new Option<string>("--input-range")
        {
            Description = "PCM input quantisation where the first layer is not a conv1d (the classifiers): full (scale 1/128, never clips) or calibrated (finer for quiet input). A first conv1d (every encoder's) reads the int16 PCM as it is.",
            DefaultValueFactory = _ => "full",
        };
        inputRange.AcceptOnlyFromAmong("full", "calibrated");
        var format = new Option<string>("--format")
        {
            Description = "int8 (the deployment files, default) or onnx (the float deployed part as <symbol>.onnx; calibration options do not apply).",
            DefaultValueFactory = _ => "int8",
        };
        format.AcceptOnlyFromAmong("int8", "onnx");
        var biasCorrection = new Option<int>("--bias-correction")
        {
            Description = "Correct each op's int32 bias by its mean int8 error against float, measured on this many calibration clips (0: off).",
            DefaultValueFactory = _ => 0,
        };
        var output = new Option<string>("--out") { Description = "Output folder (created; files appear only when the export succeeds).", Required = true };

        var command = new Command("export", "Quantise a model to int8 (per-channel weights, calibrated activations) and write its deployment files.");
        foreach (var option in new Option[] { checkpoint, seed, model, variant, calibration, method, percentile, clips, calibrationSeed, target, inputRange, biasCorrection, format, output })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                string? checkpointPath = parse.GetValue(checkpoint);
                int? seedValue = parse.GetValue(seed);
                if ((checkpointPath == null) == (seedValue == null))
                    return Fail(stderr, "give exactly one of --checkpoint FILE or --seed N");
                if (parse.GetValue(clips) < 1) return Fail(stderr, "--clips must be at least 1");
                if (parse.GetValue(biasCorrection) < 0) return Fail(stderr, "--bias-correction must be 0 (off) or a number of clips");

                var found = ModelCatalog.Get(parse.GetRequiredValue(model), parse.GetRequiredValue(variant));
                if (parse.GetRequiredValue(format) == "onnx")
                    return ExportOnnx(stdout, found, checkpointPath, seedValue, parse.GetRequiredValue(output));
                var options = new ExportOptions
                {
                    OutputDirectory = parse.GetRequiredValue(output),
                    Target = parse.GetRequiredValue(target),
                    CalibrationFolder = parse.GetValue(calibration),
                    CalibrationClips = parse.GetValue(clips),
                    CalibrationSeed = parse.GetValue(calibrationSeed),
                    Calibration = new CalibrationOptions(
                        parse.GetRequiredValue(method) switch
                        {
                            "percentile" => CalibrationMethod.Percentile,
                            "mse" => CalibrationMethod.Mse,
                            _ => CalibrationMethod.MinMax,
                        },
                        parse.GetValue(percentile)),
                    Quantizer = new QuantizerOptions(parse.GetRequiredValue(inputRange) == "calibrated" ? InputRange.Calibrated : InputRange.FullScale),
                    BiasCorrectionClips = parse.GetValue(biasCorrection),
                };
                options.Calibration.Validate();

                using NeuralModule module = checkpointPath != null
                    ? CheckpointModel.Load(found, checkpointPath)
                    : SeededModel.Create(found, seedValue!.Value);
                string source = checkpointPath != null ? "checkpoint " + checkpointPath : "seed " + seedValue!.Value.ToString(CultureInfo.InvariantCulture);
                var result = Exporter.Export(found, module, source, options, new BiasCorrectionProgress(stderr));
                PrintSummary(stdout, found, source, options, result);
                return 0;
            }
            catch (Exception e) when (e is CheckpointException or AudioFileException or QuantizationException or QuantizedModelFileException
                or KeyNotFoundException or DslException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                return Fail(stderr, e.Message);
            }
        });
        return command;
    }

    private static int ExportOnnx(TextWriter stdout, ModelVariant found, string? checkpointPath, int? seedValue, string output)
    {
        using NeuralModule module = checkpointPath != null ? CheckpointModel.Load(found, checkpointPath) : SeededModel.Create(found, seedValue!.Value);
        string source = checkpointPath != null ? "checkpoint " + checkpointPath : "seed " + seedValue!.Value.ToString(CultureInfo.InvariantCulture);
        var (path, onnx, bytes) = OnnxExporter.Export(found, module, source, output);
        var ops = onnx.Nodes.GroupBy(n => n.OpType).Select(g => $"{g.Count()} {g.Key}");
        stdout.WriteLine($"exported {found.FullName} (structure {found.StructureHash}) as ONNX (float, opset {onnx.Opset}, IR {OnnxWriter.IrVersion})");
        stdout.WriteLine($"  weights      {source}");
        stdout.WriteLine($"  inputs       {string.Join(", ", onnx.Inputs.Select(Describe))}");
        stdout.WriteLine($"  outputs      {string.Join(", ", onnx.Outputs.Select(Describe))}");
        stdout.WriteLine($"  nodes        {onnx.Nodes.Count} ({string.Join(", ", ops)})");
        stdout.WriteLine($"  wrote        {path} ({Units.Bytes(bytes)})");
        return 0;
    }

    private static string Describe(OnnxValueInfo v) =>
        $"{v.Name} {(v.ElementType == OnnxDataType.Float ? "float" : "int64")}[{string.Join(", ", v.Dims)}]";

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        return 1;
    }

    private static void PrintSummary(TextWriter o, ModelVariant variant, string source, ExportOptions options, ExportResult r)
    {
        var kinds = r.Graph.Ops.GroupBy(op => op.Kind).Select(g => $"{g.Count()} {g.Key}");
        o.WriteLine($"exported {variant.FullName} (structure {r.Model.StructureHash}) for {options.Target}");
        o.WriteLine($"  weights      {source}");
        o.WriteLine($"  calibration  {r.Calibration.ClipCount} clip(s) of {r.Calibration.Source}, {options.Calibration.Describe()}");
        if (r.BiasCorrection is { } c)
            o.WriteLine($"  bias         corrected {c.Ops} ops on {c.Clips} clip(s): {(r.Graph.Streaming ? "embedding" : "logit")} SNR on them " +
                $"{c.SnrBeforeDb.ToString("0.0", CultureInfo.InvariantCulture)} -> {c.SnrAfterDb.ToString("0.0", CultureInfo.InvariantCulture)} dB");
        o.WriteLine($"  ops          {r.Graph.Ops.Count} ({string.Join(", ", kinds)})");
        o.WriteLine($"  int8 tables  {Units.Bytes(r.WeightBytes)}, {r.Model.Activations.Count} quantised tensors");
        foreach (var file in r.Files) o.WriteLine($"  wrote        {file}");
        o.WriteLine($"  time         {r.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
    }

    /// <summary>
    /// About ten lines for a long bias correction, so a user sees it move. Written on the reporting thread, in order
    /// (<see cref="Progress{T}"/> would post them to the thread pool, where the last could come after the summary).
    /// </summary>
    private sealed class BiasCorrectionProgress(TextWriter stderr) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) p)
        {
            if (p.Done == p.Total || p.Done % Math.Max(1, p.Total / 10) == 0) stderr.WriteLine($"bias correction: {p.Done}/{p.Total} ops");
        }
    }
}
