using NAudio.Wave;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Codec;

namespace NeuralAudio.CodecTraining.Tests;

/// <summary>The codec data set: formats, resampling, chunks, and bad files skipped with one warning each.</summary>
public class AudioDatasetTests
{
    [Fact]
    public void Stereo_float_wav_and_mp3_are_mixed_to_mono_and_resampled_to_the_model_rate()
    {
        using var dir = new TempFolder();
        using (var w = new WaveFileWriter(dir.File("a.wav"), WaveFormat.CreateIeeeFloatWaveFormat(44100, 2)))
        {
            var s = new float[44100 * 2];
            for (int i = 0; i < 44100; i++) { s[2 * i] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * i / 44100); s[2 * i + 1] = s[2 * i]; }
            w.WriteSamples(s, 0, s.Length);
        }
        File.Copy(TrainingFixtures.Mp3Path, dir.File("b.mp3"));
        var data = CodecAudioDataset.Load(dir.Path, 16000);
        Assert.Equal(2, data.Files.Count);
        Assert.Empty(data.Skipped);
        var wav = CodecAudioReader.ReadMono(dir.File("a.wav"), 16000);
        Assert.InRange(wav.Length, 15990, 16000);
        Assert.InRange(wav.Max(), 0.45f, 0.55f); // channels averaged, not summed
        var mp3 = CodecAudioReader.ReadMono(dir.File("b.mp3"), 16000);
        Assert.InRange(mp3.Length / 16000.0, 0.55, 0.75); // 0.6 s tone (plus the decoder's padding)
    }

    [Fact]
    public void Batches_depend_only_on_seed_and_step_and_are_peak_normalised()
    {
        var data = TrainingFixtures.Synthetic(5, 20000, 1);
        var a = data.Batch(7, 3, 4096, 42).data<float>().ToArray();
        var b = data.Batch(7, 3, 4096, 42).data<float>().ToArray();
        var c = data.Batch(8, 3, 4096, 42).data<float>().ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        for (int i = 0; i < 3; i++)
            Assert.Equal(0.95f, a.Skip(i * 4096).Take(4096).Max(MathF.Abs), 4);
        Assert.Equal(2, data.BatchesPerEpoch(3));
        Assert.Equal(3, data.EpochOf(7, 3));
    }

    [Fact]
    public void Truncated_empty_and_non_audio_files_are_skipped_each_with_one_warning_naming_it()
    {
        using var dir = new TempFolder();
        TrainingFixtures.WriteWavs(dir.Path, 1, 0.5);
        TrainingFixtures.WriteWavs(dir.Folder("tmp"), 1, 0.5);
        var whole = File.ReadAllBytes(Path.Combine(dir.Path, "tmp", "clip0.wav"));
        File.WriteAllBytes(dir.File("truncated.wav"), whole[..(whole.Length / 2)]);
        Directory.Delete(Path.Combine(dir.Path, "tmp"), true);
        File.WriteAllBytes(dir.File("empty.wav"), []);
        File.WriteAllText(dir.File("notes.wav"), "this is a text file, not audio");
        File.WriteAllText(dir.File("readme.txt"), "ignored: not a .wav or .mp3");

        var warnings = new List<SkippedAudioFile>();
        var data = CodecAudioDataset.Load(dir.Path, 16000, warnings.Add);
        Assert.Single(data.Files);
        Assert.Equal(3, data.Skipped.Count);
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Path.EndsWith("truncated.wav") && w.Reason.Contains("truncated"));
        Assert.Contains(warnings, w => w.Path.EndsWith("empty.wav") && w.Reason.Contains("empty"));
        Assert.Contains(warnings, w => w.Path.EndsWith("notes.wav") && w.Reason.Contains("notes.wav"));
    }

    [Fact]
    public void A_folder_without_usable_audio_is_one_clear_error()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<AudioFileException>(() => CodecAudioDataset.Load(dir.Path, 16000));
        Assert.Contains("no WAV or MP3 files", e.Message);
        File.WriteAllBytes(dir.File("empty.wav"), []);
        e = Assert.Throws<AudioFileException>(() => CodecAudioDataset.Load(dir.Path, 16000));
        Assert.Contains("none of the 1 audio file(s)", e.Message);
        Assert.Throws<AudioFileException>(() => CodecAudioDataset.Load(dir.File("missing"), 16000));
    }
}
