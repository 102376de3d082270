using NeuralAudio.Esp32.Tests.Infrastructure;
using NeuralAudio.Models;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Codec;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Streaming;
using TorchSharp;

namespace NeuralAudio.Esp32.Tests;

/// <summary>
/// `neuralaudio receive --file`: a clean capture decodes to exactly what CodecInference.Decode (the path of
/// `decode`) gives for the same codes; a damaged one is reported, concealed and still decodes to full length.
/// </summary>
public sealed class ReceiveTests : IDisposable
{
    private const int Frames = 24;
    private readonly TempFolder _folder = new();
    private readonly string _checkpoint;
    private readonly CodecInference _codec;
    private readonly int[,] _codes;

    public ReceiveTests()
    {
        var variant = ModelCatalog.Get("tinystream", "ultra_tiny");
        _checkpoint = _folder.File("ultra_tiny.ckpt");
        using (var module = SeededModel.Create(variant, 4))
            CheckpointFile.Save(_checkpoint, CheckpointMetadata.For(variant), new Dictionary<string, torch.nn.Module> { ["model"] = module });
        _codec = CodecInference.Load(_checkpoint);
        var clip = SyntheticAudio.Clips(1, Frames * _codec.HopSamples, _codec.SampleRate, seed: 9)[0];
        _codes = _codec.Encode(clip, 2);
        Assert.Equal(Frames, _codes.GetLength(1));
    }

    public void Dispose()
    {
        _codec.Dispose();
        _folder.Dispose();
    }

    /// <summary>What `decode` writes for these codes: Decode, then the same 16-bit WAV writer, read back.</summary>
    private float[] Decoded(int[,] codes)
    {
        string path = _folder.File("expected-" + Guid.NewGuid().ToString("N")[..6] + ".wav");
        WavAudio.WriteMono16(path, _codec.Decode(codes), _codec.SampleRate);
        return WavAudio.ReadMonoNative(path).Samples;
    }

    [Fact]
    public void CleanCapture_DecodesToTheSameAudioAsCodecInferenceDecode()
    {
        File.WriteAllBytes(_folder.File("clean.bin"), CodePacket.Stream(_codes));
        var r = Tools.Neuralaudio(null, "receive", "--file", _folder.File("clean.bin"), "--checkpoint", _checkpoint, "--output", _folder.File("out.wav"));
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains($"{Frames} packets, {Frames} frames of 2 codes", r.StdOut);
        Assert.Contains("lost         0 frames", r.StdOut);
        Assert.Contains("corrupt      0 packets", r.StdOut);

        var (samples, rate) = WavAudio.ReadMonoNative(_folder.File("out.wav"));
        Assert.Equal(_codec.SampleRate, rate);
        Assert.Equal(Frames * _codec.HopSamples, samples.Length);
        var expected = Decoded(_codes);
        Assert.Equal(expected, samples);
        Assert.True(samples.Max(MathF.Abs) > 1e-3f, "silent output would prove little");
    }

    [Fact]
    public void DroppedAndBitFlippedPackets_AreReported_Concealed_AndTheWavKeepsItsLength()
    {
        var clean = CodePacket.Stream(_codes);
        int size = CodePacket.SizeOf(1, 2);
        var damaged = new List<byte> { 0x42, 0xA5, 0x00 }; // line noise before the first packet
        for (int f = 0; f < Frames; f++)
        {
            var packet = clean.AsSpan(f * size, size).ToArray();
            if (f is 4 or 9 or 10) continue;   // dropped
            if (f == 15) packet[11] ^= 0x04;   // one flipped bit: the CRC rejects it
            damaged.AddRange(packet);
        }
        File.WriteAllBytes(_folder.File("damaged.bin"), damaged.ToArray());

        var r = Tools.Neuralaudio(null, "receive", "--file", _folder.File("damaged.bin"), "--checkpoint", _checkpoint, "--output", _folder.File("out.wav"));
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("lost         4 frames in 3 gaps (frames 4, 9-10, 15)", r.StdOut);
        Assert.Contains("corrupt      1 packets (CRC or header)", r.StdOut);
        Assert.Contains($"{Frames} frames x {_codec.HopSamples} = {Frames * _codec.HopSamples} samples", r.StdOut);

        // Concealment: a lost frame repeats the previous frame's codes.
        var concealed = (int[,])_codes.Clone();
        foreach (int f in new[] { 4, 9, 10, 15 })
            for (int q = 0; q < 2; q++) concealed[q, f] = concealed[q, f - 1];
        var samples = WavAudio.ReadMonoNative(_folder.File("out.wav")).Samples;
        Assert.Equal(Frames * _codec.HopSamples, samples.Length);
        Assert.Equal(Decoded(concealed), samples);
    }

    [Fact]
    public void SerialPort_ReadsUntilTheBoardGoesAway_AndDecodesLikeTheFile()
    {
        // A pseudo-terminal stands in for /dev/ttyACM0: receive puts it in raw mode with stty and reads it as a file;
        // the stand-in board writes the packets once it is raw, then closes (EIO), which ends the reception.
        File.WriteAllBytes(_folder.File("stream.bin"), CodePacket.Stream(_codes));
        Tools.RunOk("cc", ["-std=c99", "-Wall", "-Wextra", "-Werror", Tools.RepoPath("tests", "NeuralAudio.Esp32.Tests", "pty_board.c"), "-o", _folder.File("board")]);
        using var board = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(_folder.File("board"), [_folder.File("stream.bin")])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            string port = board.StandardOutput.ReadLine()!;
            Assert.StartsWith("/dev/", port);
            var r = Tools.Neuralaudio(null, "receive", "--port", port, "--checkpoint", _checkpoint, "--output", _folder.File("port.wav"));
            Assert.True(r.ExitCode == 0, r.All);
            Assert.Contains($"{Frames} packets, {Frames} frames of 2 codes", r.StdOut);
            Assert.Contains("stopped reading", r.StdOut);
            Assert.True(board.WaitForExit(30_000));
            Assert.Equal(0, board.ExitCode);
            Assert.Equal(Decoded(_codes), WavAudio.ReadMonoNative(_folder.File("port.wav")).Samples);
        }
        finally
        {
            if (!board.HasExited) board.Kill();
        }
    }

    [Fact]
    public void CaptureWithoutPackets_IsOneClearError_AndWritesNothing()
    {
        File.WriteAllBytes(_folder.File("noise.bin"), Enumerable.Range(0, 500).Select(i => (byte)(i * 7)).ToArray());
        var r = Tools.Neuralaudio(null, "receive", "--file", _folder.File("noise.bin"), "--checkpoint", _checkpoint, "--output", _folder.File("out.wav"));
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: " + _folder.File("noise.bin") + ": no valid code packet in 500 bytes", r.StdErr);
        Assert.False(File.Exists(_folder.File("out.wav")));

        var both = Tools.Neuralaudio(null, "receive", "--checkpoint", _checkpoint, "--output", _folder.File("out.wav"));
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("give exactly one of --port DEVICE or --file CAPTURE", both.StdErr);
    }
}
