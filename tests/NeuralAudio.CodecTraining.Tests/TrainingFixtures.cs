using NeuralAudio.Models;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Codec;

namespace NeuralAudio.CodecTraining.Tests;

/// <summary>Small, fast training setups shared by the tests.</summary>
internal static class TrainingFixtures
{
    public static ModelVariant UltraTiny => ModelCatalog.Get("tinystream", "ultra_tiny");

    /// <summary>The committed 0.6 s stereo 22.05 kHz MP3 (LAME), the same file the dataset tests use.</summary>
    public static string Mp3Path => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tone-440hz-stereo-44k1.mp3");

    /// <summary>Options for short CPU runs: small batches of 4096-sample chunks, a quarter-width discriminator.</summary>
    public static CodecTrainingOptions Small(int steps, int warmup) => new()
    {
        BatchSize = 2,
        AudioLengthSeconds = 4096 / 16000.0,
        DiscriminatorWarmupSteps = warmup,
        DiscriminatorWidth = 0.25,
        Steps = steps,
        SaveInterval = 0,
        Seed = 7,
    };

    /// <summary>Synthetic clips as a data set.</summary>
    public static CodecAudioDataset Synthetic(int count, int length, int seed) =>
        CodecAudioDataset.FromClips(SyntheticAudio.Clips(count, length, 16000, seed), 16000, "synthetic");

    /// <summary>Writes <paramref name="count"/> synthetic 16 kHz WAV files into <paramref name="folder"/>.</summary>
    public static void WriteWavs(string folder, int count, double seconds, int seed = 3)
    {
        var clips = SyntheticAudio.Clips(count, (int)(seconds * 16000), 16000, seed);
        for (int i = 0; i < clips.Count; i++)
            WavAudio.WriteMono16(Path.Combine(folder, $"clip{i}.wav"), clips[i], 16000);
    }
}
