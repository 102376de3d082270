using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Codec;

namespace NeuralAudio.Codec.Tests;

/// <summary>infer, encode and decode end to end through the real tool, on a seeded TinyStream ultra_tiny checkpoint.</summary>
public class RoundTripTests
{
    /// <summary>A 1.3 s synthetic clip at 44.1 kHz (stereo-free), so the commands must resample to 16 kHz.</summary>
    private static string WriteInput(TempFolder folder)
    {
        var clip = SyntheticAudio.Clips(1, 57_330, 44_100, seed: 3)[0];
        string path = folder.File("in.wav");
        WavAudio.WriteMono16(path, clip, 44_100);
        return path;
    }

    [Fact]
    public void EncodeThenDecode_GivesTheSameSamplesAsInfer()
    {
        using var folder = new TempFolder();
        string ck = TestCheckpoints.Write(folder.File("c.ckpt"), TestCheckpoints.UltraTiny, seed: 5);
        string input = WriteInput(folder);

        var infer = Cli.Run("infer", "--checkpoint", ck, "--input", input, "--output", folder.File("infer.wav"), "--num-quantizers", "2");
        Assert.True(infer.ExitCode == 0, infer.ToString());
        Assert.Contains("resampling", infer.StdOut);
        var encode = Cli.Run("encode", "--checkpoint", ck, "--input", input, "--output", folder.File("codes.nac"), "--num-quantizers", "2");
        Assert.True(encode.ExitCode == 0, encode.ToString());
        var decode = Cli.Run("decode", "--checkpoint", ck, "--input", folder.File("codes.nac"), "--output", folder.File("decoded.wav"));
        Assert.True(decode.ExitCode == 0, decode.ToString());

        var inferred = WavAudio.ReadMonoNative(folder.File("infer.wav"));
        var decoded = WavAudio.ReadMonoNative(folder.File("decoded.wav"));
        Assert.Equal(16_000, decoded.SampleRate);
        Assert.Equal(20_800, decoded.Samples.Length); // 57330 samples at 44.1 kHz = 20800 at 16 kHz
        Assert.Equal(inferred.Samples, decoded.Samples);
        Assert.Equal(File.ReadAllBytes(folder.File("infer.wav")), File.ReadAllBytes(folder.File("decoded.wav")));
        Assert.Contains(decoded.Samples, v => Math.Abs(v) > 1e-4f); // not silence

        var stream = CodeStreamReader.ReadFile(folder.File("codes.nac"));
        Assert.Equal(("tinystream", "ultra_tiny", TestCheckpoints.UltraTiny.StructureHash), (stream.ModelId, stream.Variant, stream.StructureHash));
        Assert.Equal(2, stream.NumQuantizers);
        Assert.Equal(20_800, stream.SampleCount);
        Assert.Equal((20_800 + stream.HopSamples - 1) / stream.HopSamples, stream.FrameCount);
        Assert.DoesNotContain(folder.Entries(), e => e.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void StreamFromAnotherStructure_IsRefusedAndWritesNothing()
    {
        using var folder = new TempFolder();
        string ultraTiny = TestCheckpoints.Write(folder.File("ultra.ckpt"), TestCheckpoints.UltraTiny);
        string tiny = TestCheckpoints.Write(folder.File("tiny.ckpt"), TestCheckpoints.Tiny);
        var encode = Cli.Run("encode", "--checkpoint", ultraTiny, "--input", WriteInput(folder), "--output", folder.File("codes.nac"));
        Assert.True(encode.ExitCode == 0, encode.ToString());

        var decode = Cli.Run("decode", "--checkpoint", tiny, "--input", folder.File("codes.nac"), "--output", folder.File("out.wav"));
        Assert.Equal(1, decode.ExitCode);
        Assert.Contains($"error: code stream {folder.File("codes.nac")} does not match the checkpoint", decode.StdErr);
        Assert.Contains("ultra_tiny", decode.StdErr);
        Assert.False(File.Exists(folder.File("out.wav")));
    }

    [Fact]
    public void TruncatedStream_IsRefusedAndWritesNothing()
    {
        using var folder = new TempFolder();
        string ck = TestCheckpoints.Write(folder.File("c.ckpt"), TestCheckpoints.UltraTiny);
        using (var codec = CodecInference.Load(ck))
        {
            var clip = SyntheticAudio.Clips(1, 8000, 16_000, seed: 4)[0];
            var bytes = CodeStreamWriter.ToBytes(CodeStreamCodec.Encode(codec, clip, codec.NumQuantizers));
            File.WriteAllBytes(folder.File("cut.nac"), bytes[..(bytes.Length - 9)]);
        }
        var decode = Cli.Run("decode", "--checkpoint", ck, "--input", folder.File("cut.nac"), "--output", folder.File("out.wav"));
        Assert.Equal(1, decode.ExitCode);
        Assert.StartsWith($"error: code stream {folder.File("cut.nac")} is truncated", decode.StdErr);
        Assert.False(File.Exists(folder.File("out.wav")));
    }

    [Fact]
    public void HeaderMismatch_IsRefusedInProcess_ForHashRateAndStageCount()
    {
        using var folder = new TempFolder();
        using var codec = CodecInference.Load(TestCheckpoints.Write(folder.File("c.ckpt"), TestCheckpoints.UltraTiny));
        var good = CodeStreamCodec.Encode(codec, SyntheticAudio.Clips(1, 4000, 16_000, seed: 2)[0], 1);
        Assert.Equal(4000, CodeStreamCodec.Decode(codec, good, "good.nac").Length);

        CodeStream With(string? hash = null, int? rate = null, int? stages = null)
        {
            var codes = new int[stages ?? good.NumQuantizers, good.FrameCount];
            return new CodeStream(good.ModelId, good.Variant, hash ?? good.StructureHash, rate ?? good.SampleRate, good.HopSamples, good.CodebookSize, good.SampleCount, codes);
        }
        Assert.Contains("structure", Assert.Throws<CodeStreamException>(() => CodeStreamCodec.Decode(codec, With(hash: "ffff"), "h.nac")).Message);
        Assert.Contains("is at 24000 Hz", Assert.Throws<CodeStreamException>(() => CodeStreamCodec.Decode(codec, With(rate: 24000), "r.nac")).Message);
        Assert.Contains($"has {codec.NumQuantizers + 1} quantizer stages", Assert.Throws<CodeStreamException>(() => CodeStreamCodec.Decode(codec, With(stages: codec.NumQuantizers + 1), "q.nac")).Message);
    }

    [Fact]
    public void BadInputs_GiveOneClearErrorAndNoOutput()
    {
        using var folder = new TempFolder();
        string ck = TestCheckpoints.Write(folder.File("c.ckpt"), TestCheckpoints.UltraTiny);
        File.WriteAllText(folder.File("text.wav"), "not audio at all");
        var notAudio = Cli.Run("infer", "--checkpoint", ck, "--input", folder.File("text.wav"), "--output", folder.File("o.wav"));
        Assert.Equal(1, notAudio.ExitCode);
        Assert.StartsWith($"error: audio file {folder.File("text.wav")} is not a readable WAV file", notAudio.StdErr);
        var missingCk = Cli.Run("encode", "--checkpoint", folder.File("none.ckpt"), "--input", WriteInput(folder), "--output", folder.File("o.nac"));
        Assert.Equal(1, missingCk.ExitCode);
        Assert.Contains("none.ckpt", missingCk.StdErr);
        var stages = Cli.Run("infer", "--checkpoint", ck, "--input", folder.File("in.wav"), "--output", folder.File("o.wav"), "--num-quantizers", "99");
        Assert.Equal(1, stages.ExitCode);
        Assert.Contains("--num-quantizers 99 is out of range", stages.StdErr);
        Assert.False(File.Exists(folder.File("o.wav")));
        Assert.False(File.Exists(folder.File("o.nac")));
    }
}
