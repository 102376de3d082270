using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Training.Calibration;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Quantization;
using Xunit.Abstractions;

namespace NeuralAudio.Training.Tests;

public class BiasCorrectionTests(ITestOutputHelper output)
{
    /// <summary>
    /// On seeded ultra_tiny the correction removes most of the embedding's per-channel drift on the clips it measured,
    /// and changes nothing but int32 biases, which stay inside the accumulator's headroom.
    /// </summary>
    [Fact]
    public void RemovesTheDrift_ChangesOnlyBiases()
    {
        var variant = TestModels.UltraTiny;
        using var module = TestModels.Seeded(variant);
        var (deploy, model, _) = Exporter.Quantize(variant, module, new ExportOptions { CalibrationClips = 4 });
        var before = model.Ops.ToDictionary(p => p.Key, p => p.Value.Bias?.ToArray());
        var weights = model.Ops.ToDictionary(p => p.Key, p => (p.Value.Weights?.ToArray(), p.Value.Multiplier?.ToArray(), p.Value.Lut?.ToArray()));
        var clips = CalibrationSet.Synthetic(deploy.Source, 4, 1).Clips;

        var result = BiasCorrection.Apply(deploy, model, module, clips);

        output.WriteLine($"{result.Ops} ops, {result.Clips} clips: SNR {result.SnrBeforeDb:0.00} -> {result.SnrAfterDb:0.00} dB, " +
            $"drift {result.DriftBefore:0.0000} -> {result.DriftAfter:0.0000}");
        Assert.Equal(deploy.Ops.Count(o => before[o.Name] != null), result.Ops);
        Assert.True(result.DriftAfter < result.DriftBefore / 2, $"drift {result.DriftBefore:0.0000} -> {result.DriftAfter:0.0000}");
        Assert.True(result.SnrAfterDb > result.SnrBeforeDb, $"SNR {result.SnrBeforeDb:0.00} -> {result.SnrAfterDb:0.00} dB");
        int moved = 0;
        foreach (var (name, tables) in model.Ops)
        {
            Assert.Equal(weights[name].Item1, tables.Weights);
            Assert.Equal(weights[name].Item2, tables.Multiplier);
            Assert.Equal(weights[name].Item3, tables.Lut);
            if (tables.Bias != null && !tables.Bias.SequenceEqual(before[name]!)) moved++;
        }
        Assert.True(moved > result.Ops / 2, $"only {moved} of {result.Ops} biases moved");
    }

    [Fact]
    public void Exporter_RecordsTheCorrectionInTheManifest()
    {
        var variant = TestModels.UltraTiny;
        using var module = TestModels.Seeded(variant);
        var folder = Path.Combine(Path.GetTempPath(), "neuralaudio-bias-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = Exporter.Export(variant, module, "seed 1", new ExportOptions { OutputDirectory = folder, CalibrationClips = 4, BiasCorrectionClips = 2 });
            Assert.NotNull(result.BiasCorrection);
            Assert.Equal(2, result.BiasCorrection!.Clips);
            var manifest = File.ReadAllText(result.Files.Single(f => f.EndsWith(".json", StringComparison.Ordinal)));
            Assert.Contains("minmax, bias correction on 2 clips", manifest);
            var reloaded = NeuralAudio.Runtime.Serialization.QuantizedModelFile.Load(result.Files.Single(f => f.EndsWith(".naw", StringComparison.Ordinal)));
            Assert.All(result.Model.Ops, p => Assert.Equal(p.Value.Bias, reloaded.Ops[p.Key].Bias));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
