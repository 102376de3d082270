using System.Diagnostics;
using System.Text;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Runtime.Serialization;
using NeuralAudio.Training.Calibration;
using NeuralAudio.Training.Quantization;

namespace NeuralAudio.Training.Export;

/// <summary>
/// Float model to int8 deployment files: lower the graph, calibrate on audio, fold and quantise, then write
/// <c>&lt;symbol&gt;.naw</c> (C# inference), <c>&lt;symbol&gt;.manifest.json</c> and <c>&lt;symbol&gt;_weights.c</c> (the const
/// arrays the generated C of the same structure links against). Everything is computed before anything is written, and
/// the files go to a temporary folder beside the output folder first and are moved into it only when all of them
/// were written, so a failed export leaves no partial output.
/// </summary>
public static class Exporter
{
    /// <summary>Exports <paramref name="module"/> (weights of <paramref name="variant"/>'s structure) and writes the files.</summary>
    /// <param name="variant">The model variant.</param>
    /// <param name="module">Its float weights.</param>
    /// <param name="weightsSource">Where the weights came from, for the manifest (a checkpoint path, <c>seed 1</c>).</param>
    /// <param name="options">Output folder, calibration and quantisation settings.</param>
    /// <param name="progress">Bias correction's progress (ops done, ops in all), when it is on.</param>
    public static ExportResult Export(ModelVariant variant, NeuralModule module, string weightsSource, ExportOptions options,
        IProgress<(int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.OutputDirectory)) throw new ArgumentException("the export needs an output folder", nameof(options));
        if (!ExportOptions.Targets.Contains(options.Target))
            throw new ArgumentException($"unknown target '{options.Target}'; targets: {string.Join(", ", ExportOptions.Targets)}", nameof(options));
        var clock = Stopwatch.StartNew();
        var (deploy, model, calibration, correction) = QuantizeAndCorrect(variant, module, options, progress);
        var method = options.Calibration.Describe() + (correction != null ? $", bias correction on {correction.Clips} clips" : "");
        var info = new ManifestInfo(options.Target, method, calibration.ClipCount, calibration.Source, weightsSource,
            DeployOpLayout.ReadsPcm(deploy) ? "int16 as it is (the first conv reads the PCM)"
            : options.Quantizer.Input == InputRange.FullScale ? "full scale (1/128, zero point 0)" : "calibrated");
        // Every text is produced before the first file is written, so an emitter error leaves nothing behind either.
        var naw = QuantizedModelFile.ToBytes(model);
        var manifest = ManifestWriter.ToJson(deploy, model, info);
        var weightsC = CWeightsEmitter.Emit(deploy, model);
        var files = new List<(string Name, Action<string> Write)>
        {
            (deploy.Symbol + QuantizedModelFile.Extension, path => File.WriteAllBytes(path, naw)),
            (ManifestWriter.FileName(deploy), path => File.WriteAllText(path, manifest, Utf8)),
            (CNames.WeightsFile(deploy), path => File.WriteAllText(path, weightsC, Utf8)),
        };
        var written = WriteAll(options.OutputDirectory, files);
        return new ExportResult(written, deploy, model, calibration, QuantizedModelSize.Bytes(model), clock.Elapsed, correction);
    }

    /// <summary>
    /// The quantisation steps alone, nothing written: lower <paramref name="variant"/>'s graph, calibrate
    /// <paramref name="module"/> on the audio <paramref name="options"/> names, fold and quantise.
    /// </summary>
    public static (DeployGraph Graph, QuantizedModel Model, CalibrationResult Calibration) Quantize(
        ModelVariant variant, NeuralModule module, ExportOptions options)
    {
        var (deploy, model, calibration, _) = QuantizeAndCorrect(variant, module, options, null);
        return (deploy, model, calibration);
    }

    /// <summary><see cref="Quantize"/>, and what bias correction did (null when it is off).</summary>
    public static (DeployGraph Graph, QuantizedModel Model, CalibrationResult Calibration, BiasCorrectionResult? Correction) QuantizeAndCorrect(
        ModelVariant variant, NeuralModule module, ExportOptions options, IProgress<(int Done, int Total)>? progress)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(options);
        if (module.StructureHash != variant.StructureHash)
            throw new ArgumentException($"the module is {module.ModelId}/{module.Variant} (hash {module.StructureHash}), not {variant.FullName} (hash {variant.StructureHash})", nameof(module));
        var graph = variant.BuildGraph();
        var deploy = Lowering.Lower(graph);
        var audio = options.CalibrationFolder != null
            ? CalibrationSet.FromFolder(graph, options.CalibrationFolder, options.CalibrationClips)
            : CalibrationSet.Synthetic(graph, options.CalibrationClips, options.CalibrationSeed);
        var calibration = ActivationCalibrator.Calibrate(module, graph, audio, options.Calibration);
        var weights = FoldedWeights.From(deploy, module);
        var model = PostTrainingQuantizer.Quantize(deploy, weights, calibration, options.Quantizer);
        if (model.StructureHash != variant.StructureHash)
            throw new QuantizationException($"the run-time graph of {variant.FullName} hashes to {model.StructureHash}, the compiled one to {variant.StructureHash}; rebuild");
        var correction = options.BiasCorrectionClips > 0
            ? BiasCorrection.Apply(deploy, model, module, audio.Clips.Take(options.BiasCorrectionClips).ToList(), progress)
            : null;
        return (deploy, model, calibration, correction);
    }

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Writes every file into a sibling temp folder, then moves them into <paramref name="outputDirectory"/>.</summary>
    internal static IReadOnlyList<string> WriteAll(string outputDirectory, IReadOnlyList<(string Name, Action<string> Write)> files)
    {
        var target = Path.GetFullPath(outputDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (File.Exists(target)) throw new IOException($"output folder {target} is a file");
        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"output folder {target} has no parent folder");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, "." + Path.GetFileName(target) + ".export-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var (name, write) in files) write(Path.Combine(staging, name));
            Directory.CreateDirectory(target);
            var result = new List<string>();
            foreach (var (name, _) in files)
            {
                var destination = Path.Combine(target, name);
                File.Move(Path.Combine(staging, name), destination, overwrite: true);
                result.Add(destination);
            }
            return result;
        }
        finally
        {
            try { Directory.Delete(staging, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
