using System.Diagnostics;
using System.Text.Json;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// Trains ACDNet-family classifiers fold by fold with the reference protocol (<see cref="ClassifierTrainingOptions"/>):
/// freshly mixed batches each epoch, KL-divergence loss between the log of the model's softmax and the soft labels
/// (batch mean), SGD with Nesterov momentum and weight decay, the stepped learning rate with warm-up, and a multi-crop
/// evaluation of the held-out fold. After every epoch the fold's last checkpoint is written (and its best one when the
/// accuracy improved), atomically, so an interrupted run resumes at the next epoch with the same schedule position;
/// sampling and dropout are seeded per fold and epoch so a resumed run draws what an uninterrupted one would have.
/// </summary>
public sealed class ClassifierTrainer
{
    private static readonly Scalar ProbabilityFloor = 1e-7f.ToScalar(); // keeps log finite; cached (see Activations)

    private readonly ModelVariant _variant;
    private readonly ClassifierTrainingOptions _options;
    private readonly string _checkpointDir;
    private readonly string? _logDir;
    private readonly string _dataset;
    private readonly string? _labelsCsv;
    private readonly IReadOnlyList<string> _classNames;

    /// <summary>A trainer for <paramref name="variant"/>, writing checkpoints under <paramref name="checkpointDir"/>.</summary>
    /// <param name="variant">The model to train (its class count must cover every label).</param>
    /// <param name="options">The protocol.</param>
    /// <param name="checkpointDir">Receives <c>fold-N/last.nackpt</c> and <c>fold-N/best.nackpt</c>.</param>
    /// <param name="logDir">TensorBoard event files go to <c>logDir/fold-N</c>; null for none.</param>
    /// <param name="dataset"><c>esc50</c>, <c>esc10</c> or <c>csv</c>, recorded in the checkpoints.</param>
    /// <param name="labelsCsv">The CSV the labels came from, recorded in the checkpoints.</param>
    /// <param name="classNames">Class names by label, recorded in the checkpoints.</param>
    public ClassifierTrainer(ModelVariant variant, ClassifierTrainingOptions options, string checkpointDir, string? logDir,
        string dataset, string? labelsCsv, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(checkpointDir);
        options.Validate();
        _variant = variant; _options = options; _checkpointDir = checkpointDir; _logDir = logDir;
        _dataset = dataset; _labelsCsv = labelsCsv; _classNames = classNames;
    }

    /// <summary>
    /// Trains fold <paramref name="fold"/> on <paramref name="train"/>, evaluating on <paramref name="test"/>. With
    /// <paramref name="resume"/>, continues from the fold's last checkpoint (a finished fold returns at once); without
    /// it, an existing last checkpoint is an error rather than something to overwrite. <paramref name="stopAfterEpoch"/>
    /// ends the run early after that epoch (as an interruption would), keeping its checkpoint.
    /// </summary>
    public FoldResult TrainFold(int fold, IReadOnlyList<ClipAudio> train, IReadOnlyList<ClipAudio> test, bool resume,
        IClassifierTrainingProgress? progress = null, int? stopAfterEpoch = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var graph = _variant.BuildGraph();
        int inputLength = graph.Input.Shape[^1], classes = graph.Output.Shape[^1], sampleRate = graph.SampleRate;
        if (_classNames.Count > classes)
            throw new ArgumentException($"the data set has {_classNames.Count} classes but {_variant.FullName} outputs {classes}");
        var sampler = new MixedBatchSampler(train, _options, classes, inputLength, sampleRate);
        string lastPath = ClassifierCheckpoint.LastPath(_checkpointDir, fold), bestPath = ClassifierCheckpoint.BestPath(_checkpointDir, fold);
        if (File.Exists(lastPath) && !resume)
            throw new InvalidOperationException($"{lastPath} already holds fold {fold}'s training; pass --resume to continue it, or choose another --checkpoint-dir");

        manual_seed(Seed(fold, 0));
        using var module = _variant.CreateModule();
        using var optimizer = optim.SGD(module.parameters(), _options.LearningRate, _options.Momentum, 0, _options.WeightDecay, _options.Nesterov);
        var state = new ClassifierTrainingState
        {
            Fold = fold, Epoch = 0, Epochs = _options.Epochs, Step = 0, BestAccuracy = 0, BestEpoch = 0, Dataset = _dataset,
            LabelsCsv = _labelsCsv, ClassNames = _classNames, Options = JsonSerializer.Serialize(_options),
        };
        if (resume && File.Exists(lastPath))
        {
            var checkpoint = CheckpointFile.Load(lastPath, _variant);
            var saved = ClassifierCheckpoint.State(checkpoint);
            if (saved.Fold != fold)
                throw new CheckpointException(lastPath, $"checkpoint {lastPath} holds fold {saved.Fold}, not fold {fold}");
            checkpoint.LoadInto(CheckpointFile.ModelSection, module);
            ClassifierCheckpoint.LoadOptimizer(checkpoint, optimizer);
            state = state with { Epoch = saved.Epoch, Step = saved.Step, BestAccuracy = saved.BestAccuracy, BestEpoch = saved.BestEpoch, Accuracy = saved.Accuracy };
        }
        int firstEpoch = state.Epoch + 1;
        if (state.Epoch >= _options.Epochs)
            return new FoldResult(fold, state.Epoch, state.Accuracy, state.BestAccuracy, state.BestEpoch, TimeSpan.Zero, lastPath, bestPath, firstEpoch);

        var schedule = _options.Schedule;
        var clock = Stopwatch.StartNew();
        var writer = _logDir != null ? utils.tensorboard.SummaryWriter(Path.Combine(_logDir, $"fold-{fold}")) : null;
        progress?.FoldStarted(fold, firstEpoch, _options.Epochs);
        for (int epoch = firstEpoch; epoch <= _options.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var epochClock = Stopwatch.StartNew();
            double lr = schedule.At(epoch);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            var random = new Random(Seed(fold, epoch));
            manual_seed(Seed(fold, epoch));
            module.train();
            int batches = sampler.BatchesPerEpoch;
            progress?.EpochStarted(fold, epoch, batches);
            double lossSum = 0;
            for (int b = 0; b < batches; b++)
            {
                var (samples, labels) = sampler.Next(_options.BatchSize, random);
                double loss = Step(module, optimizer, samples, labels, _options.BatchSize, inputLength, classes);
                lossSum += loss;
                state = state with { Step = state.Step + 1 };
                progress?.BatchCompleted(b + 1, loss);
            }

            double? accuracy = null;
            bool evaluate = test.Count > 0 && (epoch % _options.EvalEvery == 0 || epoch == _options.Epochs || epoch == stopAfterEpoch);
            if (evaluate)
                accuracy = ClassifierEvaluator.Float(module, test, classes, inputLength, _options.TestCrops).Accuracy;
            state = state with { Epoch = epoch, Accuracy = accuracy ?? state.Accuracy };
            if (accuracy is { } a && (a > state.BestAccuracy || state.BestEpoch == 0))
            {
                state = state with { BestAccuracy = a, BestEpoch = epoch };
                ClassifierCheckpoint.Save(bestPath, _variant, module, optimizer, state);
            }
            ClassifierCheckpoint.Save(lastPath, _variant, module, optimizer, state);

            double meanLoss = lossSum / batches;
            if (writer != null)
            {
                writer.add_scalar("train/loss", (float)meanLoss, epoch);
                writer.add_scalar("train/lr", (float)lr, epoch);
                if (accuracy is { } logged) writer.add_scalar("test/accuracy", (float)logged, epoch);
            }
            progress?.EpochCompleted(new EpochReport(fold, epoch, _options.Epochs, lr, meanLoss, accuracy, state.BestAccuracy, state.BestEpoch, epochClock.Elapsed));
            if (epoch == stopAfterEpoch) break;
        }
        return new FoldResult(fold, state.Epoch, state.Accuracy, state.BestAccuracy, state.BestEpoch, clock.Elapsed, lastPath, bestPath, firstEpoch);
    }

    /// <summary>
    /// One SGD step on a batch; returns its loss: <c>KL(labels || softmax) = sum(y * (log y - log p)) / batch</c>
    /// (PyTorch's <c>KLDivLoss(reduction='batchmean')</c> on <c>log p</c>, as the reference trains).
    /// </summary>
    public static double Step(NeuralModule module, optim.Optimizer optimizer, float[] samples, float[] labels, int batch, int inputLength, int classes)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var scope = NewDisposeScope();
        var input = tensor(samples).reshape(batch, 1, 1, inputLength);
        var target = tensor(labels).reshape(batch, classes);
        var probabilities = module.forward(input);
        var loss = KlDivergence(probabilities, target);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Batch-mean KL divergence of soft labels <paramref name="target"/> from predicted probabilities.</summary>
    public static Tensor KlDivergence(Tensor probabilities, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(target);
        var logP = probabilities.clamp_min(ProbabilityFloor).log();
        var logY = target.clamp_min(ProbabilityFloor).log(); // zero labels contribute 0 * finite = 0
        using var batch = tensor((float)target.shape[0]);
        return (target * (logY - logP)).sum().div(batch);
    }

    /// <summary>The seed of one fold's epoch (0: initialisation), the same across runs and resumes.</summary>
    public int Seed(int fold, int epoch) => unchecked(_options.Seed * 1_000_003 + fold * 10_007 + epoch);
}
