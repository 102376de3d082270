using NeuralAudio.Models;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Codec;
using static TorchSharp.torch;

namespace NeuralAudio.CodecTraining.Tests;

/// <summary>Checkpoints: deterministic resume, the inference contract, structure checks and rotation.</summary>
public class ResumeAndCheckpointTests
{
    private const int N = 3;

    private static List<CodecStepResult> Train(CodecTrainer trainer, CodecAudioDataset data, long until)
    {
        var results = new List<CodecStepResult>();
        while (trainer.Step < until)
        {
            using var scope = NewDisposeScope();
            results.Add(trainer.TrainStep(data.Batch(trainer.Step, trainer.Options.BatchSize, trainer.ChunkSamples, trainer.Options.Seed)));
        }
        return results;
    }

    [Fact]
    public void Two_n_steps_with_a_resume_in_the_middle_give_the_losses_of_two_n_uninterrupted_steps()
    {
        // The discriminator joins at step 1, so its weights and Adam state cross the resume too; the seed makes batch
        // 0 use quantizer dropout in some steps.
        var options = TrainingFixtures.Small(2 * N, warmup: 1) with { QuantizerDropoutRate = 0.5 };
        var data = TrainingFixtures.Synthetic(6, 6000, 2);
        using var dir = new TempFolder();
        List<CodecStepResult> straight;
        using (var t = new CodecTrainer(TrainingFixtures.UltraTiny, options, "a")) straight = Train(t, data, 2 * N);

        var resumed = new List<CodecStepResult>();
        using (var t = new CodecTrainer(TrainingFixtures.UltraTiny, options, "b"))
        {
            resumed.AddRange(Train(t, data, N));
            t.Save(dir.File("half.ckpt"));
        }
        using (var t = new CodecTrainer(TrainingFixtures.UltraTiny, options with { Seed = options.Seed }, "ignored"))
        {
            t.Resume(dir.File("half.ckpt"));
            Assert.Equal(N, t.Step);
            Assert.Equal("b", t.RunName);
            resumed.AddRange(Train(t, data, 2 * N));
        }

        Assert.Equal(2 * N, resumed.Count);
        for (int i = 0; i < 2 * N; i++)
        {
            foreach (var (a, b, what) in new[]
                     {
                         (straight[i].Reconstruction, resumed[i].Reconstruction, "reconstruction"),
                         (straight[i].GeneratorTotal, resumed[i].GeneratorTotal, "generator total"),
                         (straight[i].Discriminator, resumed[i].Discriminator, "discriminator"),
                         (straight[i].Commitment, resumed[i].Commitment, "commitment"),
                     })
                Assert.True(Math.Abs(a - b) <= 1e-4 * Math.Max(Math.Abs(a), 1e-12), $"step {i} {what}: {a} uninterrupted, {b} resumed");
        }
        Assert.True(straight[^1].Discriminator > 0);
    }

    [Fact]
    public void A_training_checkpoint_loads_in_codec_inference_and_holds_every_training_section()
    {
        using var dir = new TempFolder();
        using (var t = new CodecTrainer(TrainingFixtures.UltraTiny, TrainingFixtures.Small(1, 0), "r"))
        {
            Train(t, TrainingFixtures.Synthetic(2, 5000, 1), 1);
            t.Save(dir.File("c.ckpt"));
        }
        var file = CheckpointFile.Load(dir.File("c.ckpt"));
        Assert.Equal(new[] { "model", "discriminator", "codebook_ema", "g_optimizer", "d_optimizer", "training_state" }, file.SectionNames);
        Assert.Equal("tinystream", file.Metadata.ModelId);
        Assert.Equal(TrainingFixtures.UltraTiny.StructureHash, file.Metadata.StructureHash);
        Assert.Equal(1, file.Metadata.Step);
        Assert.Equal("r", file.Metadata.Extra!["runName"]);
        using var inference = NeuralAudio.Training.Codec.CodecInference.Load(dir.File("c.ckpt"));
        var codes = inference.Encode(new float[4096], 2);
        Assert.Equal(16, codes.GetLength(1));
    }

    [Fact]
    public void Resuming_a_checkpoint_of_another_structure_is_refused_naming_both()
    {
        using var dir = new TempFolder();
        using (var t = new CodecTrainer(TrainingFixtures.UltraTiny, TrainingFixtures.Small(1, 1), "r"))
            t.Save(dir.File("ultra.ckpt"));
        using var other = new CodecTrainer(ModelCatalog.Get("tinystream", "tiny"), TrainingFixtures.Small(1, 1), "s");
        var e = Assert.Throws<CheckpointException>(() => other.Resume(dir.File("ultra.ckpt")));
        Assert.Contains("tinystream/ultra_tiny", e.Message);
        Assert.Contains("tinystream/tiny", e.Message);
        Assert.Contains("ultra.ckpt", e.Message);
        using var wider = new CodecTrainer(TrainingFixtures.UltraTiny, TrainingFixtures.Small(1, 1) with { DiscriminatorWidth = 0.5 }, "w");
        Assert.Contains("--disc-width", Assert.Throws<CheckpointException>(() => wider.Resume(dir.File("ultra.ckpt"))).Message);
    }

    [Fact]
    public void Rotation_keeps_the_newest_checkpoints_of_the_run_only()
    {
        using var dir = new TempFolder();
        foreach (var s in new long[] { 5, 10, 100, 20 }) File.WriteAllText(CheckpointRotation.PathFor(dir.Path, "run", s), "x");
        File.WriteAllText(CheckpointRotation.PathFor(dir.Path, "other", 1), "x");
        var deleted = CheckpointRotation.Prune(dir.Path, "run", 2);
        Assert.Equal(2, deleted.Count);
        Assert.Equal(new long[] { 20, 100 }, CheckpointRotation.List(dir.Path, "run").Select(c => c.Step));
        Assert.Single(CheckpointRotation.List(dir.Path, "other"));
    }
}
