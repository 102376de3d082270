using System.Text.Json;
using NeuralAudio.Host.Tests.Infrastructure;

namespace NeuralAudio.Host.Tests;

/// <summary>targets/host: configures, builds and passes CTest; na_host equals the C# runner and rejects bad input clearly.</summary>
[Collection(HostBuildCollection.Name)]
public sealed class HostTests(HostBuild host, ITestOutputHelper output)
{
    [Fact]
    public void TheHostProject_ConfiguresBuildsAndPassesCTest_WithEveryGolden()
    {
        output.WriteLine($"codegen {host.Codegen.TotalSeconds:0.0} s, configure {host.Configure.Elapsed.TotalSeconds:0.0} s, build {host.Build.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores");
        var ctest = Processes.Run("ctest", ["--test-dir", host.BuildDir, "--output-on-failure"], timeoutSeconds: 300);
        output.WriteLine(ctest.StdOut);
        Assert.True(ctest.ExitCode == 0, ctest.ToString());
        Assert.Contains("100% tests passed", ctest.StdOut);
        foreach (var golden in Goldens.All) Assert.Contains("golden." + golden.Name, ctest.StdOut);
        Assert.Contains("errors.wrong_sample_rate", ctest.StdOut);
        Assert.Contains("errors.truncated", ctest.StdOut);
    }

    public static TheoryData<string, int, int> Clips => new()
    {
        { "tinystream/tiny", 730, 11 },          // 11680 samples: 45 frames and a partial one
        { "tinystream/ultra_tiny", 1000, 12 },
        { "micro-acdnet/esc50", 1600, 13 },      // longer than the window: its first 30225 samples
        { "micro-acdnet/esc10", 900, 14 },       // shorter: zero-padded
    };

    [Theory]
    [MemberData(nameof(Clips))]
    public void NaHost_GivesTheCodesOrScoresOfTheCSharpRunner_OnASeededWav(string model, int milliseconds, int seed)
    {
        int rate = SeededGraphs.Graph(model).Source.SampleRate;
        var pcm = Signals.Mix(milliseconds * rate / 1000, rate, seed);
        string wav = host.Scratch($"{model.Replace('/', '_')}-{seed}.wav");
        File.WriteAllBytes(wav, Wav.Write(pcm, rate));

        var result = host.Run("--model", model, wav);
        Assert.True(result.ExitCode == 0, result.ToString());
        string expected = SeededGraphs.RunnerJson(model, pcm);
        using var actual = JsonDocument.Parse(result.StdOut);
        using var wanted = JsonDocument.Parse(expected);
        var root = actual.RootElement;
        Assert.Equal(model, root.GetProperty("model").GetString());
        if (root.TryGetProperty("codes", out var codes))
        {
            var want = wanted.RootElement.GetProperty("codes").EnumerateArray().ToArray();
            var got = codes.EnumerateArray().ToArray();
            Assert.Equal(want.Length, root.GetProperty("frames").GetInt32());
            Assert.Equal(want.Length, got.Length);
            for (int f = 0; f < want.Length; f++)
                Assert.True(want[f].GetRawText() == got[f].GetRawText(), $"frame {f}: C# {want[f].GetRawText()}, na_host {got[f].GetRawText()}");
            if (pcm.Length % SeededGraphs.Graph(model).StepInputSamples != 0) Assert.Contains("dropped the last", result.StdErr);
            output.WriteLine($"{model}: {got.Length} frames equal");
        }
        else
        {
            Assert.Equal(wanted.RootElement.GetProperty("scores").GetRawText(), root.GetProperty("scores").GetRawText());
            Assert.Equal(wanted.RootElement.GetProperty("label").GetInt32(), root.GetProperty("label").GetInt32());
            output.WriteLine($"{model}: scores equal, label {root.GetProperty("label").GetInt32()}");
        }
        Assert.Equal(expected, result.StdOut);
    }

    [Fact]
    public void NaHost_RejectsAWavAtTheWrongSampleRate_WithOneMessageNamingTheFileAndBothRates()
    {
        string wav = host.Scratch("speech at 22050.wav");
        File.WriteAllBytes(wav, Wav.Write(Signals.Mix(22050 / 4, 22050, seed: 4), 22050));
        var result = host.Run("--model", "tinystream/tiny", wav);
        output.WriteLine(result.StdErr);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal($"error: {wav}: sample rate 22050 Hz, but tinystream/tiny expects 16000 Hz (resample the file)\n", result.StdErr);
    }

    [Fact]
    public void NaHost_RejectsATruncatedWav_WithOneMessageNamingTheFile()
    {
        string wav = host.Scratch("cut.wav");
        File.WriteAllBytes(wav, Wav.Write(Signals.Mix(20000, 20000, seed: 6), 20000, new WavLayout { TruncateDataTo = 3001 }));
        var result = host.Run("--model", "micro-acdnet/esc50", wav);
        output.WriteLine(result.StdErr);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal($"error: {wav}: truncated: the 'data' chunk declares 40000 bytes but only 3001 follow\n", result.StdErr);
    }

    [Fact]
    public void NaHost_ReadsOddChunksAndExtensibleFormat_LikeAPlainWav()
    {
        var pcm = Signals.Chirp(3000, 16000, 300, 3000, 0.6);
        string plain = host.Scratch("plain.wav"), odd = host.Scratch("odd.wav"), ext = host.Scratch("ext.wav");
        File.WriteAllBytes(plain, Wav.Write(pcm, 16000));
        File.WriteAllBytes(odd, Wav.Write(pcm, 16000, new WavLayout { OddListChunk = true }));
        File.WriteAllBytes(ext, Wav.Write(pcm, 16000, new WavLayout { Extensible = true }));
        var expected = host.Run("--model", "tinystream_ultra_tiny", plain);
        Assert.True(expected.ExitCode == 0, expected.ToString());
        Assert.Equal(SeededGraphs.RunnerJson("tinystream/ultra_tiny", pcm), expected.StdOut);
        foreach (var path in new[] { odd, ext })
        {
            var result = host.Run("--model", "tinystream/ultra_tiny", path);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(expected.StdOut, result.StdOut);
        }
    }

    [Fact]
    public void NaHost_RejectsNonWavStereoAndUnknownModels_Clearly()
    {
        string text = host.Scratch("notes.wav");
        File.WriteAllText(text, "this is not audio");
        var notWav = host.Run("--model", "tinystream/tiny", text);
        Assert.Equal(2, notWav.ExitCode);
        Assert.Equal($"error: {text}: not a WAV file (no RIFF/WAVE header)\n", notWav.StdErr);

        string stereo = host.Scratch("stereo.wav");
        var bytes = Wav.Write(new short[64], 16000);
        bytes[22] = 2; // channels
        File.WriteAllBytes(stereo, bytes);
        var twoChannels = host.Run("--model", "tinystream/tiny", stereo);
        Assert.Equal(2, twoChannels.ExitCode);
        Assert.Equal($"error: {stereo}: 2 channels; na_host reads mono WAV (downmix first)\n", twoChannels.StdErr);

        var unknown = host.Run("--model", "tinystream/huge", stereo);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error: no model 'tinystream/huge'; models: acdnet/esc10", unknown.StdErr);

        var unlinked = host.Run("--model", "acdnet/esc50", stereo);
        Assert.Equal(1, unlinked.ExitCode);
        Assert.StartsWith("error: acdnet/esc50 is not linked into this na_host", unlinked.StdErr);
    }

    [Fact]
    public void NaHost_ListsEveryGraph_MarkingTheLinkedOnes()
    {
        var result = host.Run("--list");
        Assert.True(result.ExitCode == 0, result.ToString());
        output.WriteLine(result.StdOut);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(NeuralAudio.Models.ModelCatalog.All.Count, lines.Length);
        Assert.Matches(@"^tinystream/tiny +encoder +16000 Hz +hop 256, 4 x 512 codes .* linked$", lines.Single(l => l.StartsWith("tinystream/tiny ", StringComparison.Ordinal)));
        Assert.EndsWith("not linked (no weights)", lines.Single(l => l.StartsWith("acdnet/esc50 ", StringComparison.Ordinal)));
    }
}
