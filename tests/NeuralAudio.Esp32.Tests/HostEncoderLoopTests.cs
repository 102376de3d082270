using NeuralAudio.Esp32.Tests.Infrastructure;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Streaming;

namespace NeuralAudio.Esp32.Tests;

/// <summary>
/// Same stream as the device: the firmware's encoder loop built for the host (I2S replaced by a WAV reader, the packet
/// link by a file; targets/esp32s3/tools/host-encoder.sh) writes the same bytes as the generated C# int8 encoder
/// (the emulation) plus the C# packet writer, for the same WAV and the same seeded weights.
/// </summary>
public class HostEncoderLoopTests
{
    [Fact]
    public void HostBuildOfTheFirmwareLoop_WritesTheSamePacketStreamAsTheCSharpEmulation()
    {
        const string Symbol = "tinystream_ultra_tiny";
        var weights = Tools.RepoPath("targets", "host", "weights", "seeded");
        Assert.Equal("1", File.ReadAllText(Path.Combine(weights, "seed.txt")).Trim());
        using var folder = new TempFolder();
        Tools.RunOk("bash", [Tools.RepoPath("targets", "esp32s3", "tools", "host-encoder.sh"), Symbol, weights, folder.File("encoder")]);

        var variant = ModelCatalog.Get("tinystream", "ultra_tiny");
        // 1.3 s of a chirp mixed with noise (not a whole number of hops: the loop drops the partial last hop).
        var clip = SyntheticAudio.Clips(1, 20_800, 16_000, seed: 3)[0];
        WavAudio.WriteMono16(folder.File("in.wav"), clip, 16_000);
        var r = Tools.RunOk(folder.File("encoder"), [folder.File("in.wav"), folder.File("device.bin")]);
        Assert.Contains("tinystream_ultra_tiny: 81 frames", r.StdOut);

        var encoder = (IInt8Encoder)variant.CreateInt8!(SeededQuantizedModel.Create(Lowering.Lower(variant.BuildGraph()), 1));
        var pcm = WavAudio.ReadMono(folder.File("in.wav"), 16_000).Select(s => (short)Math.Round(s * 32768.0)).ToArray();
        int frames = pcm.Length / encoder.HopSamples;
        var codes = new ushort[frames * encoder.Quantizers];
        encoder.Reset();
        Assert.Equal(frames, encoder.Push(pcm.AsSpan(0, frames * encoder.HopSamples), codes));
        var matrix = new int[encoder.Quantizers, frames];
        for (int f = 0; f < frames; f++)
            for (int q = 0; q < encoder.Quantizers; q++)
                matrix[q, f] = codes[f * encoder.Quantizers + q];
        var emulated = CodePacket.Stream(matrix, framesPerPacket: 1);

        var device = File.ReadAllBytes(folder.File("device.bin"));
        Assert.Equal(81 * CodePacket.SizeOf(1, 2), device.Length);
        Assert.Equal(emulated, device);
        Assert.True(matrix.Cast<int>().Distinct().Count() > 4, "codes barely vary: the comparison would prove little");
    }
}
