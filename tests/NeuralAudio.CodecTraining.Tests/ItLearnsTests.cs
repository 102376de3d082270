using System.Diagnostics;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Codec;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NeuralAudio.CodecTraining.Tests;

/// <summary>Acceptance: 300 CPU steps of TinyStream ultra_tiny on synthetic audio learn, and the codebooks are used.</summary>
public class ItLearnsTests(ITestOutputHelper output)
{
    // Measured (seed 11, one libtorch thread; CodecInitialization start, codebook dead threshold capped): held-out mel
    // loss 14103 -> 4923 (-65 %), training 11221 -> 4509 (-60 %), held-out usage 79 % / 94 %; 300 steps in 19.2 s on
    // 2 idle cores, 25 s beside another test run. Most of the drop is the output level: the start decodes noise at the
    // training audio's std. The extra check shows content was learnt beyond that: the clips' own codes decode 21 %
    // better than other clips' codes (4923 vs 6209). Against the best content-free output (white noise at the best of
    // six levels, 4910) 300 steps are only level (4923; 4734 with two threads), so that is printed, not asserted.
    // Before the fixes: 5085 -> 5727 (+13 %), usage 52 % / 39 % (decoder blind to its code at the start; 213-225 of
    // 256 entries replaced at every step).
    [Fact]
    public void Ultra_tiny_cuts_the_mel_loss_by_30_percent_in_300_steps_and_uses_over_half_of_each_codebook()
    {
        // Reconstruction-only steps (the discriminator warm-up covers the run): the acceptance measures the mel loss.
        var options = new CodecTrainingOptions
        {
            BatchSize = 8,
            AudioLengthSeconds = 4096 / 16000.0,
            GeneratorLearningRate = 1e-3,
            DiscriminatorWarmupSteps = 300,
            DiscriminatorWidth = 0.25,
            Steps = 300,
            SaveInterval = 0,
            Seed = 11,
        };
        using var trainer = new CodecTrainer(TrainingFixtures.UltraTiny, options, "learns");
        var data = TrainingFixtures.Synthetic(64, 16000, seed: 5);
        var heldOut = SyntheticAudio.Clips(32, 62 * 256, 16000, seed: 99); // whole frames: the decoder returns frames x hop
        using var melLoss = new MultiScaleMelLoss(16000);

        double before = HeldOut(trainer, heldOut, melLoss).Own;
        var clock = Stopwatch.StartNew();
        CodecStepResult first, last;
        // One libtorch thread: as fast alone (21 s with 2 on 2 idle cores, 19 s with 1), and on a shared 2-core box
        // two spinning OpenMP threads took 16 min where one took 25 s. Same figures on every machine, too.
        int threads = get_num_threads();
        set_num_threads(1);
        try
        {
            first = last = trainer.TrainStep(data.Batch(0, options.BatchSize, trainer.ChunkSamples, options.Seed));
            while (trainer.Step < options.Steps)
            {
                using var scope = NewDisposeScope();
                last = trainer.TrainStep(data.Batch(trainer.Step, options.BatchSize, trainer.ChunkSamples, options.Seed));
            }
        }
        finally
        {
            set_num_threads(threads);
        }
        var (after, otherCodes, usage) = HeldOut(trainer, heldOut, melLoss);
        double contentFree = NoiseMelLoss(heldOut, melLoss, [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2]);

        output.WriteLine($"300 steps in {clock.Elapsed.TotalSeconds:0.0} s; training mel loss step 0 {first.Reconstruction:0.0} -> step 299 {last.Reconstruction:0.0}");
        output.WriteLine($"held-out mel loss {before:0.0} -> {after:0.0} ({100 * (1 - after / before):0.0} % lower)");
        output.WriteLine($"held-out codebook usage per stage: {string.Join(", ", usage.Select(u => $"{100 * u:0.0} %"))}");
        output.WriteLine($"held-out mel loss decoding other clips' codes {otherCodes:0.0}; best content-free output (white noise) {contentFree:0.0}");
        Assert.True(after <= 0.7 * before, $"held-out mel loss fell only from {before:0.0} to {after:0.0}");
        Assert.True(last.Reconstruction <= 0.7 * first.Reconstruction, $"training mel loss fell only from {first.Reconstruction:0.0} to {last.Reconstruction:0.0}");
        Assert.All(usage, u => Assert.True(u > 0.5, $"a codebook uses only {100 * u:0.0} % of its entries"));
        // Beyond the output level: the codes carry each clip's content.
        Assert.True(after <= 0.85 * otherCodes, $"own codes {after:0.0} are not 15 % better than other clips' codes {otherCodes:0.0}");
    }

    /// <summary>
    /// One encoding of the held-out clips: the mel loss of decoding each clip's own codes, of decoding the previous
    /// clip's codes instead (clip i from clip i - 1), and each stage's codebook usage.
    /// </summary>
    private static (double Own, double Other, double[] Usage) HeldOut(CodecTrainer trainer, IReadOnlyList<float[]> clips, MultiScaleMelLoss melLoss)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var codec = (ICodecModule)trainer.Generator;
        var audio = Normalised(clips);
        var embedding = codec.Encode(audio);
        var quantized = codec.Quantizer.call(embedding);
        double own = melLoss.Compute(audio, codec.Decode(quantized)).item<float>();
        double other = melLoss.Compute(audio, codec.Decode(quantized.roll(1, 0))).item<float>();
        var codes = codec.Quantizer.Encode(embedding); // (B, Nq, T)
        var usage = Enumerable.Range(0, (int)codes.shape[1])
            .Select(q => CodebookStageStatistics.Of(codes[.., q, ..], codec.Quantizer.CodebookSize).Usage).ToArray();
        return (own, other, usage);
    }

    /// <summary>The lowest mel loss of seeded white noise at any of <paramref name="levels"/> (standard deviations) against the clips.</summary>
    private static double NoiseMelLoss(IReadOnlyList<float[]> clips, MultiScaleMelLoss melLoss, double[] levels)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var audio = Normalised(clips);
        using var generator = new Generator(5, CPU);
        var noise = randn(audio.shape, generator: generator);
        return levels.Min(level =>
        {
            using var scale = level.ToScalar();
            return (double)melLoss.Compute(audio, noise * scale).item<float>();
        });
    }

    private static Tensor Normalised(IReadOnlyList<float[]> clips) => CodecAudioDataset.NormalisedBatch(clips);
}
