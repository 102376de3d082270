using NeuralAudio.Models;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Classification;
using NeuralAudio.Training.Export;
using static TorchSharp.torch;

namespace NeuralAudio.Classification.Tests;

/// <summary>Per-fold checkpoints: what they hold, and a resumed fold continuing exactly where the interrupted one stopped.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private sealed class Recorder : IClassifierTrainingProgress
    {
        public List<EpochReport> Epochs { get; } = [];
        public int FirstEpoch { get; private set; }
        public void FoldStarted(int fold, int firstEpoch, int epochs) => FirstEpoch = firstEpoch;
        public void EpochStarted(int fold, int epoch, int batches) { }
        public void BatchCompleted(int batch, double loss) { }
        public void EpochCompleted(EpochReport report) => Epochs.Add(report);
    }

    private static readonly ClassifierTrainingOptions Options = new()
    {
        Epochs = 4, BatchSize = 2, WarmupEpochs = 1, LearningRateMilestones = [2, 3], Seed = 3,
    };

    private static IReadOnlyList<ClipAudio> Clips(int count, int fold) => Enumerable.Range(0, count).Select(i =>
        new ClipAudio(new LabelledClip("x", $"f{fold}-{i}", fold, i % 2, i % 2 == 0 ? "low" : "high"),
            Enumerable.Range(0, 24000).Select(t => (short)(6000 * Math.Sin(2 * Math.PI * (i % 2 == 0 ? 300 : 3000) * t / 20000.0 + i))).ToArray())).ToList();

    private ClassifierTrainer Trainer(string dir) =>
        new(ModelCatalog.Get("micro-acdnet", "esc10"), Options, dir, logDir: Path.Combine(dir, "tb"), "csv", null, ["low", "high"]);

    [Fact]
    public void A_resumed_fold_continues_from_the_saved_epoch_at_the_same_schedule_position_and_ends_where_an_uninterrupted_run_ends()
    {
        var train = Clips(4, 1);
        var test = Clips(2, 2);
        var whole = new Recorder();
        var full = Trainer(_temp.File("whole")).TrainFold(2, train, test, resume: false, whole);

        var first = new Recorder();
        var interrupted = Trainer(_temp.File("split")).TrainFold(2, train, test, resume: false, first, stopAfterEpoch: 2);
        Assert.Equal(2, interrupted.Epochs);
        var saved = ClassifierCheckpoint.State(CheckpointFile.Load(interrupted.LastCheckpoint));
        Assert.Equal(2, saved.Epoch);
        Assert.Equal(4, saved.Step); // 2 epochs x ceil(4 clips / batch 2)

        var second = new Recorder();
        var resumed = Trainer(_temp.File("split")).TrainFold(2, train, test, resume: true, second);
        Assert.Equal(3, second.FirstEpoch);
        Assert.Equal([3, 4], second.Epochs.Select(e => e.Epoch));
        Assert.Equal([0.01, 0.1, 0.01, 0.001], whole.Epochs.Select(e => Math.Round(e.LearningRate, 6)));
        Assert.Equal(whole.Epochs.Skip(2).Select(e => e.LearningRate), second.Epochs.Select(e => e.LearningRate));
        // Same draws, same momentum buffers: the losses and the final weights match the uninterrupted run.
        Assert.Equal(whole.Epochs[2].TrainLoss, second.Epochs[0].TrainLoss, 4);
        Assert.Equal(whole.Epochs[3].TrainLoss, second.Epochs[1].TrainLoss, 4);
        using var a = CheckpointModel.Load(full.LastCheckpoint).Module;
        using var b = CheckpointModel.Load(resumed.LastCheckpoint).Module;
        var wa = a.state_dict();
        var wb = b.state_dict();
        foreach (var (name, value) in wa)
            Assert.True(allclose(value.to_type(ScalarType.Float64), wb[name].to_type(ScalarType.Float64), 1e-4, 1e-5), $"{name} differs after resuming");

        // A finished fold resumes to nothing.
        var again = new Recorder();
        var done = Trainer(_temp.File("split")).TrainFold(2, train, test, resume: true, again);
        Assert.Empty(again.Epochs);
        Assert.Equal(4, done.Epochs);
    }

    [Fact]
    public void Checkpoints_hold_model_and_optimizer_state_epoch_fold_best_accuracy_and_the_model_config()
    {
        var dir = _temp.File("ck");
        var result = Trainer(dir).TrainFold(2, Clips(4, 1), Clips(2, 2), resume: false, stopAfterEpoch: 1);
        foreach (var path in new[] { result.LastCheckpoint, result.BestCheckpoint })
        {
            var checkpoint = CheckpointFile.Load(path);
            Assert.Equal(["model", "optimizer"], checkpoint.SectionNames);
            Assert.True(checkpoint.ReadSection("optimizer").Length > 1000, "momentum buffers are saved");
            var m = checkpoint.Metadata;
            Assert.Equal("micro-acdnet", m.ModelId);
            Assert.Equal("esc10", m.Variant);
            Assert.Equal(ModelCatalog.Get("micro-acdnet", "esc10").StructureHash, m.StructureHash);
            Assert.Equal(10, m.Config!.Value.GetProperty("NumClasses").GetInt32());
            Assert.Equal(1, m.Epoch);
            var state = ClassifierCheckpoint.State(checkpoint);
            Assert.Equal(2, state.Fold);
            Assert.Equal(1, state.BestEpoch);
            Assert.Equal(state.Accuracy, state.BestAccuracy);
            Assert.Equal(["low", "high"], state.ClassNames);
        }
        Assert.Equal(Path.Combine(dir, "fold-2", "last.nackpt"), result.LastCheckpoint);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "tb", "fold-2"), "events.out.tfevents*"));
        // Starting over on a folder that holds state is refused rather than overwriting it.
        var e = Assert.Throws<InvalidOperationException>(() => Trainer(dir).TrainFold(2, Clips(4, 1), Clips(2, 2), resume: false));
        Assert.Contains("--resume", e.Message);
    }
}
