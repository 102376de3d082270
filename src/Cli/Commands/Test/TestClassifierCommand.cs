using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralAudio.ModelDsl;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Classification;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Quantization;

namespace NeuralAudio.Cli.Commands.Test;

/// <summary>
/// <c>neuralaudio test classifier</c>: the reference's 10-crop test of a trained checkpoint on its held-out fold:
/// accuracy, per-class accuracy and the confusion matrix, printed and optionally written as an HTML report; with
/// <c>--int8</c>, the exported int8 model (generated C#, or the generated C through na_host) on the same crops beside it.
/// </summary>
public static class TestClassifierCommand
{
    /// <summary>The <c>classifier</c> subcommand of <c>test</c>.</summary>
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint written by train classifier (best.nackpt or last.nackpt).", Required = true };
        var dataRoot = new Option<string>("--data-root") { Description = "The data set's folder (as for train classifier).", Required = true };
        var dataset = new Option<string?>("--dataset") { Description = "esc50, esc10 or csv (default: what the checkpoint was trained on)." };
        dataset.AcceptOnlyFromAmong("esc50", "esc10", "csv");
        var csv = new Option<string?>("--csv") { Description = "Label CSV for --dataset csv (default: the one the checkpoint was trained with, else DATA_ROOT/labels.csv)." };
        var fold = new Option<int?>("--fold") { Description = "Fold to test (default: the checkpoint's held-out fold)." };
        var crops = new Option<int>("--crops") { Description = "Crops per clip.", DefaultValueFactory = _ => TenCrop.DefaultCrops };
        var int8 = new Option<bool>("--int8") { Description = "Also quantise to int8 (calibrated on training clips) and test the int8 model on the same crops." };
        var backend = new Option<string>("--backend") { Description = "int8 code to run: csharp (generated C# class) or c (generated C through na_host, built with CMake).", DefaultValueFactory = _ => "csharp" };
        backend.AcceptOnlyFromAmong("csharp", "c");
        var calibrationClips = new Option<int>("--calibration-clips") { Description = "Training clips to calibrate int8 activations on.", DefaultValueFactory = _ => 64 };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report (with confusion-matrix images) to this file." };

        var command = new Command("classifier", "10-crop test of a trained classifier: accuracy, per-class accuracy, confusion matrix; float and int8.");
        foreach (var option in new Option[] { checkpoint, dataRoot, dataset, csv, fold, crops, int8, backend, calibrationClips, report })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                string path = parse.GetRequiredValue(checkpoint);
                var (variant, module) = CheckpointModel.Load(path);
                using var _ = module;
                var state = ClassifierTrainingState.From(CheckpointFile.Load(path).Metadata);
                string kindName = parse.GetValue(dataset) ?? state?.Dataset
                    ?? throw new ArgumentException($"{path} does not say what it was trained on; pass --dataset and --fold");
                var kind = Enum.Parse<ClassificationDatasetKind>(kindName, ignoreCase: true);
                int testFold = parse.GetValue(fold) ?? state?.Fold
                    ?? throw new ArgumentException($"{path} does not say which fold it held out; pass --fold");
                if (parse.GetValue(crops) < 2) throw new ArgumentException("--crops must be at least 2");
                string? csvPath = parse.GetValue(csv) ?? (kind == ClassificationDatasetKind.Csv && state?.Dataset == "csv" ? state.LabelsCsv : null);
                var data = Esc50Dataset.Load(parse.GetRequiredValue(dataRoot), kind, csvPath);
                var (trainRows, testRows) = data.Split(testFold);
                if (testRows.Count == 0) throw new ArgumentException($"fold {testFold} has no clips");
                var graph = variant.BuildGraph();
                int inputLength = graph.Input.Shape[^1], classes = graph.Output.Shape[^1];
                if (data.NumClasses > classes)
                    throw new ArgumentException($"the data set has {data.NumClasses} classes but {variant.FullName} from {path} outputs {classes}");
                var names = state?.ClassNames.Count > 0 ? state.ClassNames : data.ClassNames;
                int n = parse.GetValue(crops);

                var clock = Stopwatch.StartNew();
                var test = ClipAudio.Load(testRows, graph.SampleRate);
                var floatPredictions = new int[test.Count];
                var int8Predictions = new int[test.Count];
                var floatMatrix = ClassifierEvaluator.Float(module, test, classes, inputLength, n, floatPredictions);
                ConfusionMatrix? int8Matrix = null;
                string? backendName = null;
                if (parse.GetValue(int8))
                {
                    if (trainRows.Count == 0) throw new ArgumentException("int8 calibration needs training clips (folds other than the test fold)");
                    int calibration = Math.Max(1, parse.GetValue(calibrationClips));
                    var calibrationRows = trainRows.OrderBy(r => r.FileName, StringComparer.Ordinal).ToArray();
                    new Random(1).Shuffle(calibrationRows);
                    var calibrationAudio = ClipAudio.Load(calibrationRows.Take(calibration).ToList(), graph.SampleRate);
                    var (deploy, quantized) = ClassifierQuantizer.Quantize(variant, module, calibrationAudio, calibration);
                    backendName = parse.GetRequiredValue(backend);
                    if (backendName == "c")
                    {
                        using var host = NaHostClassifier.Build(variant, deploy, quantized, inputLength, classes, graph.SampleRate, stdout);
                        int8Matrix = ClassifierEvaluator.Int8(() => host, test, classes, inputLength, n, int8Predictions);
                    }
                    else
                    {
                        int8Matrix = ClassifierEvaluator.Int8(ClassifierQuantizer.Factory(variant, deploy, quantized), test, classes, inputLength, n, int8Predictions);
                    }
                }
                var result = new ClassificationReport(variant.FullName, Path.GetFullPath(path),
                    $"{kind.ToString().ToLowerInvariant()} fold {testFold} ({test.Count} clips) from {data.CsvPath}", names, n, floatMatrix, int8Matrix, backendName)
                {
                    Int8AgreesWithFloat = int8Matrix is null ? null : floatPredictions.Zip(int8Predictions).Count(p => p.First == p.Second),
                };
                result.Print(stdout);
                if (parse.GetValue(report) is { } reportPath)
                {
                    var html = result.ToHtml();
                    var full = Path.GetFullPath(reportPath);
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    var temp = full + ".tmp";
                    File.WriteAllText(temp, html);
                    File.Move(temp, full, overwrite: true);
                    stdout.WriteLine($"report: {full}");
                }
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time: {clock.Elapsed.TotalSeconds:0.0} s"));
                return 0;
            }
            catch (Exception e) when (e is ClassificationDataException or CheckpointException or AudioFileException or QuantizationException
                or KeyNotFoundException or DslException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine("error: " + e.Message);
                return 1;
            }
        });
        return command;
    }
}
