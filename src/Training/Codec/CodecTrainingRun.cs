using System.Diagnostics;
using System.Text.Json;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// The loop of <c>neuralaudio train codec</c>: batches from a <see cref="CodecAudioDataset"/>, steps of a
/// <see cref="CodecTrainer"/> until <see cref="CodecTrainingOptions.Steps"/>, scalars to an <see cref="ITrainingLog"/>,
/// a checkpoint every <see cref="CodecTrainingOptions.SaveInterval"/> steps (newest N kept), and a final one when the run
/// ends or is stopped (Ctrl-C): stopping loses nothing but the step in flight.
/// </summary>
public sealed class CodecTrainingRun
{
    private readonly CodecTrainer _trainer;
    private readonly CodecAudioDataset _data;
    private readonly string _checkpointFolder;
    private readonly ITrainingLog? _log;

    /// <summary>Prepares a run that writes checkpoints into <paramref name="checkpointFolder"/>.</summary>
    public CodecTrainingRun(CodecTrainer trainer, CodecAudioDataset data, string checkpointFolder, ITrainingLog? log)
    {
        _trainer = trainer; _data = data; _checkpointFolder = checkpointFolder; _log = log;
    }

    /// <summary>Called after every step with the result and the steps per second so far.</summary>
    public event Action<CodecStepResult, double>? StepCompleted;

    /// <summary>Called after a checkpoint is written.</summary>
    public event Action<string>? CheckpointSaved;

    /// <summary>Newest checkpoint written by this run, if any.</summary>
    public string? LastCheckpoint { get; private set; }

    /// <summary>Saves the run's JSON config beside the checkpoints: <c>&lt;run&gt;_config.json</c>.</summary>
    public string SaveConfig(IReadOnlyDictionary<string, object?> extra)
    {
        Directory.CreateDirectory(_checkpointFolder);
        var path = Path.Combine(_checkpointFolder, _trainer.RunName + "_config.json");
        var document = new Dictionary<string, object?>
        {
            ["runName"] = _trainer.RunName,
            ["modelId"] = _trainer.Variant.ModelId,
            ["variant"] = _trainer.Variant.Variant,
            ["structureHash"] = _trainer.Variant.StructureHash,
            ["modelConfig"] = _trainer.Variant.Config,
            ["sampleRate"] = _trainer.SampleRate,
            ["chunkSamples"] = _trainer.ChunkSamples,
            ["training"] = _trainer.Options,
            ["audioFolder"] = _data.Folder,
            ["audioFiles"] = _data.Files.Count,
            ["audioSeconds"] = Math.Round(_data.TotalSeconds, 1),
            ["skippedFiles"] = _data.Skipped.Count,
        };
        foreach (var (k, v) in extra) document[k] = v;
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// Trains until the step target or until <paramref name="stop"/> is cancelled; either way the last state is saved.
    /// Returns the last step result (null if no step ran).
    /// </summary>
    public CodecStepResult? Run(CancellationToken stop)
    {
        var o = _trainer.Options;
        var clock = Stopwatch.StartNew();
        long first = _trainer.Step;
        CodecStepResult? last = null;
        long lastSaved = _trainer.Step;
        while (_trainer.Step < o.Steps && !stop.IsCancellationRequested)
        {
            long step = _trainer.Step;
            _trainer.Epoch = _data.EpochOf(step, o.BatchSize);
            using (var scope = NewDisposeScope())
            {
                var batch = _data.Batch(step, o.BatchSize, _trainer.ChunkSamples, o.Seed);
                last = _trainer.TrainStep(batch);
            }
            _trainer.Epoch = _data.EpochOf(_trainer.Step, o.BatchSize);
            Log(last);
            double rate = (_trainer.Step - first) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            StepCompleted?.Invoke(last, rate);
            if (o.SaveInterval > 0 && _trainer.Step % o.SaveInterval == 0 && _trainer.Step < o.Steps)
            {
                SaveCheckpoint();
                lastSaved = _trainer.Step;
            }
        }
        if (_trainer.Step != lastSaved || LastCheckpoint is null && _trainer.Step > first)
            SaveCheckpoint();
        _log?.Flush();
        return last;
    }

    /// <summary>Writes a checkpoint of the current state and prunes old ones.</summary>
    public string SaveCheckpoint()
    {
        var path = CheckpointRotation.PathFor(_checkpointFolder, _trainer.RunName, _trainer.Step);
        _trainer.Save(path);
        CheckpointRotation.Prune(_checkpointFolder, _trainer.RunName, _trainer.Options.MaxCheckpoints);
        LastCheckpoint = path;
        CheckpointSaved?.Invoke(path);
        return path;
    }

    private void Log(CodecStepResult r)
    {
        if (_log is null) return;
        long s = r.Step;
        _log.Scalar("loss/reconstruction", r.Reconstruction, s);
        _log.Scalar("loss/commitment", r.Commitment, s);
        _log.Scalar("loss/generator_adversarial", r.GeneratorAdversarial, s);
        _log.Scalar("loss/feature_matching", r.FeatureMatching, s);
        _log.Scalar("loss/generator_total", r.GeneratorTotal, s);
        _log.Scalar("loss/discriminator", r.Discriminator, s);
        _log.Scalar("quantizer/active_stages", r.Stages, s);
        _log.Scalar("lr/generator", r.GeneratorLearningRate, s);
        _log.Scalar("lr/discriminator", r.DiscriminatorLearningRate, s);
        for (int i = 0; i < r.Codebooks.Count; i++)
        {
            _log.Scalar($"codebook/{i}/usage", r.Codebooks[i].Usage, s);
            _log.Scalar($"codebook/{i}/perplexity", r.Codebooks[i].Perplexity, s);
            _log.Scalar($"codebook/{i}/replaced", r.Codebooks[i].Replaced, s);
        }
    }
}
