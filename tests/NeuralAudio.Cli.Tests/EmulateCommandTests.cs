using System.Text.Json;

namespace NeuralAudio.Cli.Tests;

/// <summary>`neuralaudio emulate` on WAV files made in the test: results, and one clear error for each bad input.</summary>
public sealed class EmulateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neuralaudio-emulate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A 16-bit mono WAV of a noisy 440 Hz tone.</summary>
    private string Wav(string name, int sampleRate, double seconds)
    {
        int n = (int)(sampleRate * seconds);
        var random = new Random(1);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            w.Write("RIFF"u8); w.Write(36 + 2 * n); w.Write("WAVE"u8);
            w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(sampleRate); w.Write(2 * sampleRate); w.Write((short)2); w.Write((short)16);
            w.Write("data"u8); w.Write(2 * n);
            for (int i = 0; i < n; i++) w.Write((short)(8000 * Math.Sin(2 * Math.PI * 440 * i / sampleRate) + random.Next(-2000, 2000)));
        }
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }

    [Fact]
    public void EncoderPrintsOneRowOfCodesPerFrameWithAgreementFigures()
    {
        var result = CliRunner.Run("emulate", "--model", "tinystream", "--variant", "ultra_tiny", "--input", Wav("tone.wav", 16000, 0.5), "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var json = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal(8000 / 256, json.GetProperty("frames").GetInt32());
        Assert.All(json.GetProperty("codes").EnumerateArray(), frame => Assert.Equal(2, frame.GetArrayLength()));
        var snr = json.GetProperty("embeddingSnrDb").GetDouble();
        Assert.InRange(snr, 5, 80); // measured, not a quality bar: the figure exists and is finite
        Assert.InRange(json.GetProperty("firstStageCodeAgreement").GetDouble(), 0, 1);
        // The float model on the int8 weights alone tracks float far closer than the whole int8 path: the int8
        // activations, not the weights, dominate the error (seeded ultra_tiny: about 37 dB against 20 dB).
        Assert.True(json.GetProperty("weightsOnlyEmbeddingSnrDb").GetDouble() > snr + 6, result.StdOut);
        Assert.InRange(json.GetProperty("weightsOnlyCodeAgreement").GetDouble(), 0, 1);
        Assert.InRange(json.GetProperty("searchAgreement").GetDouble(), 0, 1);
    }

    [Fact]
    public void ClassifierPrintsALabelAndTheFloatModelsLabel()
    {
        var result = CliRunner.Run("emulate", "--model", "micro-acdnet", "--variant", "esc10", "--input", Wav("clip.wav", 20000, 1.6), "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var json = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.InRange(json.GetProperty("label").GetInt32(), 0, 9);
        Assert.Equal(10, json.GetProperty("scores").GetArrayLength());
        Assert.InRange(json.GetProperty("scores").EnumerateArray().Sum(s => s.GetDouble()), 0.9, 1.1);
        Assert.InRange(json.GetProperty("weightsOnlyLabel").GetInt32(), 0, 9);
    }

    [Fact]
    public void Layers_GiveEveryInt8Op_EndingAtTheEmbeddingSnr()
    {
        var result = CliRunner.Run("emulate", "--model", "tinystream", "--variant", "ultra_tiny", "--input", Wav("tone.wav", 16000, 0.5), "--layers", "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var json = JsonDocument.Parse(result.StdOut).RootElement;
        var layers = json.GetProperty("layers").EnumerateArray().ToList();
        // ultra_tiny: 47 convs, 29 ELU tables and 12 adds write int8; the RVQ writes codes.
        Assert.Equal(88, layers.Count);
        Assert.Equal("encoder.stem.conv0", layers[0].GetProperty("op").GetString());
        Assert.Equal("Conv1d", layers[0].GetProperty("kind").GetString());
        // The last op writes the embedding: the same values as the report's own embedding SNR.
        Assert.Equal(json.GetProperty("embeddingSnrDb").GetDouble(), layers[^1].GetProperty("snrDb").GetDouble(), 6);
        Assert.True(layers[0].GetProperty("snrDb").GetDouble() > layers[^1].GetProperty("snrDb").GetDouble(), "the error should grow along the encoder");
    }

    [Fact]
    public void Layers_OfAClassifier_CompareInTheKernelsLayout()
    {
        var result = CliRunner.Run("emulate", "--model", "micro-acdnet", "--variant", "esc10", "--input", Wav("clip.wav", 20000, 1.6), "--layers");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var rows = result.StdOut.Split('\n').SkipWhile(l => !l.Contains("per op")).Skip(1).Where(l => l.Contains(" dB")).ToList();
        Assert.Equal(23, rows.Count); // the input quantisation, 12 convs, 7 pools, the permute, the linear, the softmax
        Assert.Contains(rows, r => r.Contains("Permute"));
        // A tensor compared in the wrong layout reads like noise (about 0 dB); the seeded model's worst is 6.8 dB.
        foreach (var row in rows)
        {
            var snr = double.Parse(System.Text.RegularExpressions.Regex.Match(row, @"(-?[0-9.]+) dB").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(snr > 3, row);
        }
    }

    [Fact]
    public void WavAtTheWrongSampleRateIsOneClearErrorNamingTheFile()
    {
        var path = Wav("wrong-rate.wav", 44100, 0.2);
        var result = CliRunner.Run("emulate", "--model", "tinystream", "--variant", "tiny", "--input", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {path}: sample rate is 44100 Hz but the model runs at 16000 Hz; resample it first", result.StdErr.Trim());
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public void TruncatedWavIsOneClearErrorNamingTheFile()
    {
        var path = Wav("truncated.wav", 16000, 0.5);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var result = CliRunner.Run("emulate", "--model", "tinystream", "--variant", "tiny", "--input", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(path, result.StdErr);
        Assert.Contains("truncated", result.StdErr);
    }

    [Fact]
    public void MissingCheckpointIsOneClearErrorNamingTheFile()
    {
        var missing = Path.Combine(_folder, "nope.ckpt");
        var result = CliRunner.Run("emulate", "--model", "tinystream", "--variant", "tiny", "--input", Wav("ok.wav", 16000, 0.1), "--checkpoint", missing);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(missing, result.StdErr);
    }

    [Fact]
    public void WeightsExportedForAnotherStructureAreRefused()
    {
        var export = CliRunner.Run("export", "--seed", "1", "--model", "tinystream", "--variant", "ultra_tiny", "--out", _folder);
        Assert.True(export.ExitCode == 0, export.StdErr);
        var weights = Path.Combine(_folder, "tinystream_ultra_tiny.naw");
        var result = CliRunner.Run("emulate", "--model", "tinystream", "--variant", "tiny", "--input", Wav("ok.wav", 16000, 0.1), "--weights", weights);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(weights, result.StdErr);
        Assert.Contains("tinystream/ultra_tiny", result.StdErr);
    }
}
