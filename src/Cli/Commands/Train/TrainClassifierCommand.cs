using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralAudio.ModelDsl;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Classification;

namespace NeuralAudio.Cli.Commands.Train;

/// <summary>
/// <c>neuralaudio train classifier</c>: ACDNet / Micro-ACDNet on ESC-50, ESC-10 or a CSV data set, with the reference
/// protocol (every part an option), one fold or 5-fold cross-validation, resumable, ending with per-fold accuracy,
/// mean +- std and wall time.
/// </summary>
public static class TrainClassifierCommand
{
    /// <summary>The <c>classifier</c> subcommand.</summary>
    public static Command Create()
    {
        var defaults = new ClassifierTrainingOptions();
        var model = new Option<string>("--model") { Description = "acdnet or micro-acdnet (variant from --dataset), or model/variant.", DefaultValueFactory = _ => "micro-acdnet" };
        var dataset = new Option<string>("--dataset") { Description = "esc50, esc10 (relabelled 0-9) or csv (filename,fold,target,category).", DefaultValueFactory = _ => "esc50" };
        dataset.AcceptOnlyFromAmong("esc50", "esc10", "csv");
        var dataRoot = new Option<string>("--data-root") { Description = "ESC-50 folder (meta/esc50.csv and audio/), or the root of a CSV data set.", Required = true };
        var csv = new Option<string?>("--csv") { Description = "Label CSV for --dataset csv (default DATA_ROOT/labels.csv); file names are relative to DATA_ROOT/audio or DATA_ROOT." };
        var fold = new Option<string>("--fold") { Description = "Held-out fold N, or all (cross-validation over every fold, one after another).", DefaultValueFactory = _ => "all" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per fold.", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Clips per batch.", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => defaults.Momentum };
        var noNesterov = new Option<bool>("--no-nesterov") { Description = "Plain momentum instead of Nesterov." };
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 weight decay.", DefaultValueFactory = _ => defaults.WeightDecay };
        var milestones = new Option<string?>("--lr-milestones") { Description = "Comma-separated epochs after which lr is multiplied by --lr-decay (default 0.3/0.6/0.9 of --epochs: 600,1200,1800)." };
        var decay = new Option<double>("--lr-decay") { Description = "Learning-rate factor at each milestone.", DefaultValueFactory = _ => defaults.LearningRateDecay };
        var warmup = new Option<int>("--warmup-epochs") { Description = "Warm-up epochs at --warmup-factor x lr.", DefaultValueFactory = _ => defaults.WarmupEpochs };
        var warmupFactor = new Option<double>("--warmup-factor") { Description = "Warm-up learning-rate factor.", DefaultValueFactory = _ => defaults.WarmupFactor };
        var mixup = new Option<bool>("--mixup") { Description = "Between-class mixing with A-weighted gain (the default)." };
        var noMixup = new Option<bool>("--no-mixup") { Description = "Train on single clips with one-hot labels." };
        var timeScale = new Option<double>("--time-scale") { Description = "Largest random time-scale factor (1 = off).", DefaultValueFactory = _ => defaults.TimeScale };
        var gainDb = new Option<double>("--gain-db") { Description = "Random gain range, +- dB (0 = off).", DefaultValueFactory = _ => defaults.GainDb };
        var crops = new Option<int>("--crops") { Description = "Test crops per clip.", DefaultValueFactory = _ => defaults.TestCrops };
        var evalEvery = new Option<int>("--eval-every") { Description = "Evaluate the held-out fold every N epochs (and after the last).", DefaultValueFactory = _ => defaults.EvalEvery };
        var checkpointDir = new Option<string>("--checkpoint-dir") { Description = "Folder of fold-N/last.nackpt and fold-N/best.nackpt.", DefaultValueFactory = _ => Path.Combine("checkpoints", "classifier") };
        var logDir = new Option<string?>("--log-dir") { Description = "TensorBoard log folder (default CHECKPOINT_DIR/tensorboard)." };
        var noLog = new Option<bool>("--no-log") { Description = "Write no TensorBoard logs." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the folds' last checkpoints (finished folds are skipped)." };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, sampling, augmentation and dropout.", DefaultValueFactory = _ => defaults.Seed };

        var command = new Command("classifier", "Train ACDNet / Micro-ACDNet on ESC-50, ESC-10 or your own labelled clips (the reference protocol).");
        foreach (var option in new Option[] { model, dataset, dataRoot, csv, fold, epochs, batchSize, lr, momentum, noNesterov, weightDecay, milestones, decay,
                     warmup, warmupFactor, mixup, noMixup, timeScale, gainDb, crops, evalEvery, checkpointDir, logDir, noLog, resume, seed })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                if (parse.GetValue(mixup) && parse.GetValue(noMixup)) return Fail(stderr, "give at most one of --mixup and --no-mixup");
                var options = new ClassifierTrainingOptions
                {
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batchSize),
                    LearningRate = parse.GetValue(lr),
                    Momentum = parse.GetValue(momentum),
                    Nesterov = !parse.GetValue(noNesterov),
                    WeightDecay = parse.GetValue(weightDecay),
                    LearningRateMilestones = ParseMilestones(parse.GetValue(milestones)),
                    LearningRateDecay = parse.GetValue(decay),
                    WarmupEpochs = parse.GetValue(warmup),
                    WarmupFactor = parse.GetValue(warmupFactor),
                    Mixup = !parse.GetValue(noMixup),
                    TimeScale = parse.GetValue(timeScale),
                    GainDb = parse.GetValue(gainDb),
                    TestCrops = parse.GetValue(crops),
                    EvalEvery = parse.GetValue(evalEvery),
                    Seed = parse.GetValue(seed),
                };
                options.Validate();
                var kind = Enum.Parse<ClassificationDatasetKind>(parse.GetRequiredValue(dataset), ignoreCase: true);
                var data = Esc50Dataset.Load(parse.GetRequiredValue(dataRoot), kind, parse.GetValue(csv));
                var folds = data.ParseFolds(parse.GetRequiredValue(fold));
                var variant = ClassifierVariants.Resolve(parse.GetRequiredValue(model), kind, data.NumClasses);
                string checkpoints = parse.GetRequiredValue(checkpointDir);
                string? logs = parse.GetValue(noLog) ? null : parse.GetValue(logDir) ?? Path.Combine(checkpoints, "tensorboard");
                bool resuming = parse.GetValue(resume);
                if (!resuming)
                {
                    var existing = folds.Select(f => ClassifierCheckpoint.LastPath(checkpoints, f)).FirstOrDefault(File.Exists);
                    if (existing != null)
                        return Fail(stderr, $"{existing} already holds training state; pass --resume to continue it, or choose another --checkpoint-dir");
                }

                var clock = Stopwatch.StartNew();
                stdout.WriteLine($"{variant.FullName} on {kind.ToString().ToLowerInvariant()} ({data.Clips.Count} clips, {data.NumClasses} classes, folds {string.Join(",", data.Folds)}) from {data.CsvPath}");
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"protocol: {options.Epochs} epochs, batch {options.BatchSize}, SGD lr {options.LearningRate} (x{options.LearningRateDecay} after {string.Join("/", options.Schedule.Milestones)}, warm-up {options.WarmupEpochs} at x{options.WarmupFactor}), momentum {options.Momentum}{(options.Nesterov ? " Nesterov" : "")}, wd {options.WeightDecay}, {(options.Mixup ? "BC mixing" : "no mixing")}, {options.TestCrops}-crop test"));
                var graph = variant.BuildGraph();
                var audio = ClipAudio.Load(data.Clips, graph.SampleRate);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {audio.Count} clips at {graph.SampleRate} Hz in {clock.Elapsed.TotalSeconds:0.0} s"));

                var trainer = new ClassifierTrainer(variant, options, checkpoints, logs, kind.ToString().ToLowerInvariant(), data.CsvPath, data.ClassNames);
                var progress = new ClassifierConsoleProgress(stdout);
                var results = new List<FoldResult>();
                foreach (int f in folds)
                {
                    var train = audio.Where(a => a.Clip.Fold != f).ToList();
                    var test = audio.Where(a => a.Clip.Fold == f).ToList();
                    var result = progress.Run(() => trainer.TrainFold(f, train, test, resuming, progress));
                    if (result.FirstEpoch > options.Epochs) stdout.WriteLine($"fold {f}: already complete ({result.Epochs} epochs)");
                    results.Add(result);
                }
                PrintSummary(stdout, results, clock.Elapsed, checkpoints);
                return 0;
            }
            catch (Exception e) when (e is ClassificationDataException or CheckpointException or AudioFileException or KeyNotFoundException or DslException
                or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, e.Message);
            }
        });
        return command;
    }

    private static IReadOnlyList<int>? ParseMilestones(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
            int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int e) ? e : throw new ArgumentException($"--lr-milestones: '{t}' is not an epoch number")).ToArray();
    }

    private static void PrintSummary(TextWriter o, IReadOnlyList<FoldResult> results, TimeSpan wall, string checkpoints)
    {
        o.WriteLine();
        o.WriteLine("fold  epochs  final acc   best acc (epoch)  time");
        foreach (var r in results)
        {
            string final = r.FinalAccuracy is { } a ? ClassifierConsoleProgress.Percent(a) : "-";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Fold,4}  {r.Epochs,6}  {final,9}  {ClassifierConsoleProgress.Percent(r.BestAccuracy),9} ({r.BestEpoch,5})  {r.Elapsed.TotalSeconds,7:0.0} s"));
        }
        var finals = results.Where(r => r.FinalAccuracy.HasValue).Select(r => r.FinalAccuracy!.Value).ToList();
        var bests = results.Select(r => r.BestAccuracy).ToList();
        if (finals.Count > 0)
            o.WriteLine($"final accuracy: {MeanStd(finals)} over {finals.Count} fold(s)");
        o.WriteLine($"best accuracy:  {MeanStd(bests)} over {bests.Count} fold(s)");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time: {wall.TotalSeconds:0.0} s; checkpoints in {Path.GetFullPath(checkpoints)}"));
    }

    internal static string MeanStd(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        double std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{100 * mean:0.00} ± {100 * std:0.00} %");
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        return 1;
    }
}
