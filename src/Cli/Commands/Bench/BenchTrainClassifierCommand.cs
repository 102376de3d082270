using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralAudio.Models;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Classification;
using TorchSharp;

namespace NeuralAudio.Cli.Commands.Bench;

/// <summary>
/// <c>neuralaudio bench train-classifier</c>: CPU training throughput of ACDNet and Micro-ACDNet on an ESC-50-sized fold
/// (1600 training clips of 5 s, 400 test clips). It times a few real batches (BC mixing, augmentation, forward,
/// KL loss, backward, SGD step) and a few 10-crop test clips, then extrapolates to seconds per epoch and to the
/// 2000-epoch protocol, and says that it extrapolated.
/// </summary>
public static class BenchTrainClassifierCommand
{
    /// <summary>The <c>train-classifier</c> subcommand.</summary>
    public static Command Create()
    {
        var models = new Option<string>("--models") { Description = "Comma-separated model/variant list.", DefaultValueFactory = _ => "micro-acdnet/esc50,acdnet/esc50" };
        var batches = new Option<int>("--batches") { Description = "Timed training batches per model (after one warm-up batch).", DefaultValueFactory = _ => 3 };
        var trainClips = new Option<int>("--train-clips") { Description = "Training clips per fold (ESC-50: 1600).", DefaultValueFactory = _ => 1600 };
        var testClips = new Option<int>("--test-clips") { Description = "Test clips per fold (ESC-50: 400).", DefaultValueFactory = _ => 400 };
        var batchSize = new Option<int>("--batch-size") { Description = "Clips per batch.", DefaultValueFactory = _ => 64 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of the protocol to project.", DefaultValueFactory = _ => 2000 };
        var command = new Command("train-classifier", "Seconds per training epoch on CPU for ACDNet / Micro-ACDNet on an ESC-50-sized fold, and the projected protocol time.");
        foreach (var option in new Option[] { models, batches, trainClips, testClips, batchSize, epochs }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            try
            {
                int timed = Math.Max(1, parse.GetValue(batches)), size = parse.GetValue(batchSize), nTrain = parse.GetValue(trainClips), nTest = parse.GetValue(testClips), nEpochs = parse.GetValue(epochs);
                int perEpoch = (nTrain + size - 1) / size;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"CPU, {torch.get_num_threads()} torch threads; fold of {nTrain} training clips ({perEpoch} batches of {size}) and {nTest} test clips x 10 crops; 5 s clips at 20 kHz, synthetic audio"));
                o.WriteLine($"measured: {timed} training batch(es) after one warm-up, and 8 test clips; per-epoch figures are extrapolated from them");
                o.WriteLine("model                  train s/batch  train s/epoch  test s/epoch  epoch total  protocol (" + nEpochs + " epochs)");
                foreach (var name in parse.GetRequiredValue(models).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var parts = name.Split('/', 2);
                    var variant = ModelCatalog.Get(parts[0], parts.Length > 1 ? parts[1] : "esc50");
                    var graph = variant.BuildGraph();
                    int length = graph.Input.Shape[^1], classes = graph.Output.Shape[^1];
                    // A small pool of synthetic 5 s clips stands in for the fold: batch cost does not depend on which clips are drawn.
                    var pool = SyntheticAudio.Clips(16, 5 * graph.SampleRate, graph.SampleRate, 7)
                        .Select((c, i) => new ClipAudio(new LabelledClip("synthetic", $"clip-{i}", 1, i % classes, ""), ClipAudio.Prepare(c))).ToList();
                    var options = new ClassifierTrainingOptions { BatchSize = size };
                    var sampler = new MixedBatchSampler(pool, options, classes, length, graph.SampleRate);
                    torch.manual_seed(1);
                    using var module = variant.CreateModule();
                    using var optimizer = torch.optim.SGD(module.parameters(), 0.01, 0.9, 0, 5e-4, true);
                    module.train();
                    var random = new Random(1);
                    void OneBatch()
                    {
                        var (x, y) = sampler.Next(size, random);
                        ClassifierTrainer.Step(module, optimizer, x, y, size, length, classes);
                    }
                    OneBatch(); // warm-up: allocator and thread pool
                    var clock = Stopwatch.StartNew();
                    for (int b = 0; b < timed; b++) OneBatch();
                    double perBatch = clock.Elapsed.TotalSeconds / timed;
                    clock.Restart();
                    ClassifierEvaluator.Float(module, pool.Take(8).ToList(), classes, length);
                    double perTestClip = clock.Elapsed.TotalSeconds / 8;
                    double train = perBatch * perEpoch, test = perTestClip * nTest;
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{variant.FullName,-22} {perBatch,13:0.00}  {train,13:0.0}  {test,12:0.0}  {train + test,11:0.0}  {Hours(train * nEpochs)} training only, {Hours((train + test) * nEpochs)} testing every epoch"));
                }
                return 0;
            }
            catch (Exception e) when (e is KeyNotFoundException or ArgumentException or InvalidOperationException)
            {
                parse.InvocationConfiguration.Error.WriteLine("error: " + e.Message);
                return 1;
            }
        });
        return command;
    }

    private static string Hours(double seconds) => seconds >= 3600 * 48
        ? (seconds / 86400).ToString("0.0", CultureInfo.InvariantCulture) + " days"
        : (seconds / 3600).ToString("0.0", CultureInfo.InvariantCulture) + " h";
}
