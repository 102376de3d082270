using System.Diagnostics;
using NeuralAudio.Models;
using NeuralAudio.Training.Audio;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>Training throughput of one codec variant on CPU, measured on synthetic audio.</summary>
public static class CodecTrainingBenchmark
{
    /// <summary>Steps per second and audio seconds per second of one phase.</summary>
    /// <param name="StepsPerSecond">Training steps per wall-clock second.</param>
    /// <param name="AudioSecondsPerSecond">Seconds of training audio consumed per wall-clock second.</param>
    public sealed record Throughput(double StepsPerSecond, double AudioSecondsPerSecond);

    /// <summary>
    /// Runs <paramref name="warmupSteps"/> untimed steps then <paramref name="timedSteps"/> timed ones, for the
    /// reconstruction-only phase (discriminator warm-up) and for full GAN steps.
    /// </summary>
    public static (Throughput ReconstructionOnly, Throughput Gan) Measure(ModelVariant variant, CodecTrainingOptions options, int warmupSteps, int timedSteps)
    {
        var generatorOnly = Phase(variant, options with { DiscriminatorWarmupSteps = int.MaxValue, Steps = long.MaxValue }, warmupSteps, timedSteps);
        var gan = Phase(variant, options with { DiscriminatorWarmupSteps = 0, Steps = long.MaxValue }, warmupSteps, timedSteps);
        return (generatorOnly, gan);
    }

    private static Throughput Phase(ModelVariant variant, CodecTrainingOptions options, int warmupSteps, int timedSteps)
    {
        using var trainer = new CodecTrainer(variant, options, "bench");
        var clips = SyntheticAudio.Clips(Math.Max(options.BatchSize, 8), trainer.ChunkSamples, trainer.SampleRate, options.Seed);
        var data = CodecAudioDataset.FromClips(clips, trainer.SampleRate, "synthetic");
        for (int i = 0; i < warmupSteps; i++) Step(trainer, data, options);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < timedSteps; i++) Step(trainer, data, options);
        double seconds = clock.Elapsed.TotalSeconds;
        double steps = timedSteps / seconds;
        return new Throughput(steps, steps * options.BatchSize * trainer.ChunkSamples / trainer.SampleRate);
    }

    private static void Step(CodecTrainer trainer, CodecAudioDataset data, CodecTrainingOptions options)
    {
        using var scope = NewDisposeScope();
        trainer.TrainStep(data.Batch(trainer.Step, options.BatchSize, trainer.ChunkSamples, options.Seed));
    }
}
