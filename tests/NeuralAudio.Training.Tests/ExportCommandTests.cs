using System.CommandLine;
using System.Text.Json;
using NeuralAudio.Cli.Commands;
using NeuralAudio.Models;
using NeuralAudio.Runtime.Serialization;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Checkpoints;
using TorchSharp;

namespace NeuralAudio.Training.Tests;

/// <summary><c>neuralaudio export</c> end to end, through the real command line parser and action.</summary>
public class ExportCommandTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand("test") { ExportCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("micro-acdnet", "esc50", "micro_acdnet_esc50")]
    [InlineData("tinystream", "ultra_tiny", "tinystream_ultra_tiny")]
    public void Seeded_WritesNawManifestAndCWeights(string model, string variant, string symbol)
    {
        using var folder = new TempFolder();
        var outDir = Path.Combine(folder.Path, "out");
        var (exit, stdout, stderr) = Run("export", "--seed", "1", "--model", model, "--variant", variant, "--clips", "4", "--out", outDir);
        Assert.True(exit == 0, stderr);
        Assert.Contains("calibration  4 clip(s) of synthetic audio (seed 1)", stdout);

        var expected = new[] { symbol + ".manifest.json", symbol + ".naw", symbol + "_weights.c" };
        Assert.Equal(expected, folder.Files().Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal));
        Assert.Equal(new[] { "out" }, folder.Entries()); // the staging folder is gone

        var hash = ModelCatalog.Get(model, variant).StructureHash;
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, symbol + ".manifest.json")));
        Assert.Equal(hash, manifest.RootElement.GetProperty("structureHash").GetString());
        Assert.Equal("host", manifest.RootElement.GetProperty("target").GetString());

        var naw = QuantizedModelFile.Load(Path.Combine(outDir, symbol + ".naw"));
        Assert.Equal(hash, naw.StructureHash);
        Assert.Equal(model, naw.ModelId);
        Assert.Equal(QuantizedModelFile.ToBytes(naw), File.ReadAllBytes(Path.Combine(outDir, symbol + ".naw")));
        Assert.Contains(hash.Substring(0, 8), File.ReadAllText(Path.Combine(outDir, symbol + "_weights.c")));
    }

    [Fact]
    public void Checkpoint_AndWavCalibration_Export()
    {
        using var folder = new TempFolder();
        var variant = TestModels.UltraTiny;
        var checkpoint = folder.File("ultra.ckpt");
        using (var module = TestModels.Seeded(variant, seed: 2))
            CheckpointFile.Save(checkpoint, CheckpointMetadata.For(variant), new Dictionary<string, torch.nn.Module> { ["model"] = module });
        var audio = Path.Combine(folder.Path, "audio");
        Directory.CreateDirectory(audio);
        WavAudio.WriteMono16(Path.Combine(audio, "a.wav"), SyntheticAudio.Clips(1, 132300, 44100, seed: 3)[0], 44100);
        var outDir = Path.Combine(folder.Path, "out");
        var (exit, stdout, stderr) = Run("export", "--checkpoint", checkpoint, "--model", "tinystream", "--variant", "ultra_tiny",
            "--calibration", audio, "--calibration-method", "percentile", "--percentile", "99.9", "--target", "esp32s3", "--out", outDir);
        Assert.True(exit == 0, stderr);
        Assert.Contains("1 WAV file(s)", stdout);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "tinystream_ultra_tiny.manifest.json")));
        Assert.Equal("percentile 99.9", manifest.RootElement.GetProperty("calibration").GetProperty("method").GetString());
        Assert.Equal(2, manifest.RootElement.GetProperty("calibration").GetProperty("clips").GetInt32());
        Assert.Equal("esp32s3", manifest.RootElement.GetProperty("target").GetString());
    }

    [Fact]
    public void MissingCheckpoint_FailsNamingIt_AndWritesNothing()
    {
        using var folder = new TempFolder();
        var missing = folder.File("nope.ckpt");
        var (exit, _, stderr) = Run("export", "--checkpoint", missing, "--model", "tinystream", "--variant", "ultra_tiny", "--out", folder.File("out"));
        Assert.NotEqual(0, exit);
        Assert.Contains(missing, stderr);
        Assert.Empty(folder.Entries());
    }

    [Fact]
    public void CheckpointForAnotherStructure_FailsNamingBoth_AndWritesNothing()
    {
        using var folder = new TempFolder();
        var tiny = ModelCatalog.Get("tinystream", "tiny");
        var checkpoint = folder.File("tiny.ckpt");
        using (var module = tiny.CreateModule())
            CheckpointFile.Save(checkpoint, CheckpointMetadata.For(tiny), new Dictionary<string, torch.nn.Module> { ["model"] = module });
        var outDir = folder.File("out");
        Directory.CreateDirectory(outDir); // an existing, empty output folder stays empty
        var (exit, _, stderr) = Run("export", "--checkpoint", checkpoint, "--model", "tinystream", "--variant", "ultra_tiny", "--out", outDir);
        Assert.NotEqual(0, exit);
        Assert.Contains(checkpoint, stderr);
        Assert.Contains("was trained for tinystream/tiny", stderr);
        Assert.Contains("not tinystream/ultra_tiny", stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));
        Assert.Equal(new[] { "out", "tiny.ckpt" }, folder.Entries());
    }

    [Fact]
    public void CorruptCalibrationWav_FailsNamingIt_AndWritesNothing()
    {
        using var folder = new TempFolder();
        var audio = Path.Combine(folder.Path, "audio");
        Directory.CreateDirectory(audio);
        WavAudio.WriteMono16(Path.Combine(audio, "good.wav"), SyntheticAudio.Clips(1, 20000, 16000, seed: 3)[0], 16000);
        var bad = Path.Combine(audio, "broken.wav");
        File.WriteAllBytes(bad, new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3 });
        var (exit, _, stderr) = Run("export", "--seed", "1", "--model", "tinystream", "--variant", "ultra_tiny", "--calibration", audio, "--out", folder.File("out"));
        Assert.NotEqual(0, exit);
        Assert.Contains(bad, stderr);
        Assert.Equal(new[] { "audio" }, folder.Entries());
    }

    [Fact]
    public void UnknownVariant_ListsTheKnownOnes()
    {
        using var folder = new TempFolder();
        var (exit, _, stderr) = Run("export", "--seed", "1", "--model", "tinystream", "--variant", "huge", "--out", folder.File("out"));
        Assert.NotEqual(0, exit);
        Assert.Contains("no model variant 'tinystream/huge'", stderr);
        Assert.Contains("tinystream/ultra_tiny", stderr);
        Assert.Empty(folder.Entries());
    }

    [Fact]
    public void NeitherOrBothWeightSources_IsAnError()
    {
        using var folder = new TempFolder();
        Assert.Contains("exactly one of --checkpoint", Run("export", "--model", "tinystream", "--variant", "tiny", "--out", folder.Path).Error);
        Assert.Contains("exactly one of --checkpoint", Run("export", "--seed", "1", "--checkpoint", "x", "--model", "tinystream", "--variant", "tiny", "--out", folder.Path).Error);
    }

    [Fact]
    public void BiasCorrection_ReportsItsProgressAndEffect()
    {
        using var folder = new TempFolder();
        var (exit, stdout, stderr) = Run("export", "--seed", "1", "--model", "tinystream", "--variant", "ultra_tiny", "--clips", "4",
            "--bias-correction", "2", "--out", folder.File("out"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("bias correction: 47/47 ops", stderr);
        var line = stdout.Split('\n').Single(l => l.Contains("bias         corrected 47 ops on 2 clip(s): embedding SNR on them"));
        var figures = System.Text.RegularExpressions.Regex.Match(line, @"(-?[0-9.]+) -> (-?[0-9.]+) dB");
        Assert.True(figures.Success, line);
        Assert.True(double.Parse(figures.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
            >= double.Parse(figures.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), line);
    }

    [Fact]
    public void NegativeBiasCorrection_IsAnError_AndWritesNothing()
    {
        using var folder = new TempFolder();
        var (exit, _, stderr) = Run("export", "--seed", "1", "--model", "tinystream", "--variant", "ultra_tiny", "--bias-correction", "-1",
            "--out", folder.File("out"));
        Assert.Equal(1, exit);
        Assert.Equal("error: --bias-correction must be 0 (off) or a number of clips", stderr.Trim());
        Assert.Empty(folder.Entries());
    }
}
