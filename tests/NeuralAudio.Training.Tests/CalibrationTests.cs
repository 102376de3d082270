using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Calibration;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Tests;

public class CalibrationTests
{
    [Fact]
    public void MinMaxRanges_ContainEveryObservedValue()
    {
        var variant = TestModels.UltraTiny;
        var graph = variant.BuildGraph();
        using var module = TestModels.Seeded(variant);
        var audio = CalibrationSet.Synthetic(graph, clips: 3, seed: 5);
        var result = ActivationCalibrator.Calibrate(module, graph, audio, new CalibrationOptions(CalibrationMethod.MinMax, BatchSize: 1));

        var observed = Observe(module, graph, audio);
        Assert.True(observed.Count > 50);
        foreach (var (node, (min, max)) in observed)
        {
            var range = result.Range(node);
            Assert.True(range.Contains(min) && range.Contains(max),
                $"{graph.Nodes[node].Name}: observed [{min}, {max}] outside calibrated [{range.Min}, {range.Max}]");
            Assert.Equal(min, range.Min);
            Assert.Equal(max, range.Max);
        }
    }

    [Fact]
    public void PercentileRanges_AreTighterThanMinMax()
    {
        var variant = TestModels.UltraTiny;
        var graph = variant.BuildGraph();
        using var module = TestModels.Seeded(variant);
        var audio = CalibrationSet.Synthetic(graph, clips: 3, seed: 5);
        var minmax = ActivationCalibrator.Calibrate(module, graph, audio, new CalibrationOptions(CalibrationMethod.MinMax));
        var percentile = ActivationCalibrator.Calibrate(module, graph, audio, new CalibrationOptions(CalibrationMethod.Percentile, 99.9));

        int tighter = 0;
        foreach (var (node, wide) in minmax.Ranges)
        {
            var narrow = percentile.Ranges[node];
            Assert.True(narrow.Min >= wide.Min && narrow.Max <= wide.Max,
                $"{graph.Nodes[node].Name}: percentile [{narrow.Min}, {narrow.Max}] is not inside min/max [{wide.Min}, {wide.Max}]");
            if (narrow.Width < wide.Width * 0.999f) tighter++;
        }
        Assert.True(tighter > minmax.Ranges.Count / 2, $"only {tighter} of {minmax.Ranges.Count} ranges got tighter");
    }

    [Fact]
    public void RangeStatistics_PercentileTrimsTheTailsToWithinABin()
    {
        var stats = new RangeStatistics();
        var values = new float[100_000];
        for (int i = 0; i < values.Length; i++) values[i] = (i - 50_000) / 1000f; // uniform in [-50, 50)
        values[0] = -400; // one outlier per tail
        values[^1] = 300;
        Assert.True(stats.Add(values));
        Assert.Equal(new TensorRange(-400, 300), stats.Range(CalibrationMethod.MinMax, 100));
        var trimmed = stats.Range(CalibrationMethod.Percentile, 99.9);
        float bin = 512f / RangeStatistics.Bins; // R = 512 after growing past 400
        Assert.InRange(trimmed.Max, 49.9f - bin, 49.9f + bin);
        Assert.InRange(trimmed.Min, -49.9f - bin, -49.9f + bin);
        Assert.Equal(new TensorRange(-400, 300), stats.Range(CalibrationMethod.Percentile, 100));
    }

    [Fact]
    public void RangeStatistics_RejectsNonFiniteValues()
    {
        var stats = new RangeStatistics();
        Assert.False(stats.Add(new[] { 1f, float.NaN }));
        Assert.Equal(0, stats.Count);
    }

    [Fact]
    public void SyntheticAudio_IsSeededOnTheInt16GridAndBelowFullScale()
    {
        var a = SyntheticAudio.Clips(4, 8000, 16000, seed: 9);
        var b = SyntheticAudio.Clips(4, 8000, 16000, seed: 9);
        var c = SyntheticAudio.Clips(4, 8000, 16000, seed: 10);
        Assert.Equal(a, b);
        Assert.NotEqual(a[0], c[0]);
        foreach (var clip in a)
        {
            Assert.All(clip, v => Assert.Equal(v, Math.Round(v * 32768.0) / 32768.0, 12));
            float peak = clip.Max(Math.Abs);
            Assert.InRange(peak, 0.05f, 0.9f);
        }
    }

    [Fact]
    public void FolderClips_AreMonoAtTheModelRateAndReferenceLength()
    {
        using var folder = new TempFolder();
        var graph = TestModels.UltraTiny.BuildGraph();
        WriteStereo(folder.File("a.wav"), seconds: 3, rate: 44100);
        WriteStereo(folder.File("sub/b.WAV"), seconds: 0.2, rate: 22050);
        var set = CalibrationSet.FromFolder(graph, folder.Path, maxClips: 8);
        int length = CalibrationSet.ReferenceLength(graph);
        Assert.Equal(16384, length);
        // a.wav: 3 s at 16 kHz holds 2 clips; b.wav is shorter than a clip and gives one zero-padded clip.
        Assert.Equal(3, set.Clips.Count);
        Assert.All(set.Clips, c => Assert.Equal(length, c.Length));
        // The left channel is a 440 Hz tone at 0.5, the right one silence: the mono mix peaks near 0.25.
        Assert.InRange(set.Clips[0].Max(), 0.2f, 0.3f);
        Assert.Equal(0f, set.Clips[2][^1]);
    }

    [Fact]
    public void FolderClips_CorruptWav_NamesTheFile()
    {
        using var folder = new TempFolder();
        var graph = TestModels.UltraTiny.BuildGraph();
        WriteStereo(folder.File("good.wav"), seconds: 1.5, rate: 16000);
        var bad = folder.File("zz_bad.wav");
        File.WriteAllBytes(bad, "RIFF\u0010\0\0\0WAVEjunkjunkjunk"u8.ToArray());
        var e = Assert.Throws<AudioFileException>(() => CalibrationSet.FromFolder(graph, folder.Path, maxClips: 1));
        Assert.Contains(bad, e.Message);
    }

    [Fact]
    public void FolderClips_TruncatedWav_NamesTheFile()
    {
        using var folder = new TempFolder();
        var graph = TestModels.UltraTiny.BuildGraph();
        var path = folder.File("cut.wav");
        WriteStereo(path, seconds: 1.5, rate: 16000);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var e = Assert.Throws<AudioFileException>(() => CalibrationSet.FromFolder(graph, folder.Path, maxClips: 4));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void FolderClips_EmptyOrMissingFolder_IsAnErrorNamingIt()
    {
        using var folder = new TempFolder();
        var graph = TestModels.UltraTiny.BuildGraph();
        File.WriteAllText(folder.File("readme.txt"), "no audio here");
        var empty = Assert.Throws<AudioFileException>(() => CalibrationSet.FromFolder(graph, folder.Path, 4));
        Assert.Contains(folder.Path, empty.Message);
        Assert.Contains("no .wav files", empty.Message);
        var missing = folder.File("absent");
        var e = Assert.Throws<AudioFileException>(() => CalibrationSet.FromFolder(graph, missing, 4));
        Assert.Contains(missing, e.Message);
    }

    /// <summary>Per node id, the smallest and largest value the float model produces on <paramref name="audio"/>.</summary>
    private static Dictionary<int, (float Min, float Max)> Observe(NeuralModule module, Graph graph, CalibrationSet audio)
    {
        var seen = new Dictionary<int, (float, float)>();
        using var shadow = new GraphModule(graph);
        shadow.load_state_dict(module.state_dict());
        shadow.eval();
        shadow.NodeObserver = (node, value) =>
        {
            float min = value.min().item<float>(), max = value.max().item<float>();
            seen[node.Id] = seen.TryGetValue(node.Id, out var old) ? (Math.Min(old.Item1, min), Math.Max(old.Item2, max)) : (min, max);
        };
        using var _ = no_grad();
        var deployed = CostModel.DeployedParts(graph);
        foreach (var clip in audio.Clips) // one clip at a time: batching must not change the ranges
        {
            var x = tensor(clip).reshape(graph.Input.Shape.Select(d => (long)d).Prepend(1).ToArray());
            foreach (var part in shadow.Parts.Where(deployed.Contains)) x = shadow.ForwardPart(part, x);
        }
        return seen;
    }

    private static void WriteStereo(string path, double seconds, int rate)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        int frames = (int)(seconds * rate);
        using var writer = new NAudio.Wave.WaveFileWriter(path, new NAudio.Wave.WaveFormat(rate, 16, 2));
        for (int i = 0; i < frames; i++)
        {
            writer.WriteSample((float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / rate)));
            writer.WriteSample(0f);
        }
    }
}
