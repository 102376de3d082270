using NeuralAudio.Models;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Codec;
using TorchSharp;

namespace NeuralAudio.Training.Tests;

public class CodecInferenceTests
{
    [Fact]
    public void DeclaredVariant_EncodesWholeFramesAndDecodesBackToTheirLength()
    {
        using var folder = new TempFolder();
        var variant = TestModels.UltraTiny;
        using (var module = TestModels.Seeded(variant, seed: 5))
            CheckpointFile.Save(folder.File("c.ckpt"), CheckpointMetadata.For(variant), new Dictionary<string, torch.nn.Module> { ["model"] = module });

        using var codec = CodecInference.Load(folder.File("c.ckpt"));
        Assert.Equal(variant.FullName, codec.Variant.FullName);
        var clip = Enumerable.Range(0, codec.HopSamples * 5 + 7).Select(i => MathF.Sin(i * 0.05f) * 0.5f).ToArray();

        var codes = codec.Encode(clip, numQuantizers: 2);
        Assert.Equal(2, codes.GetLength(0));
        Assert.Equal(6, codes.GetLength(1)); // 5 whole frames + 7 samples padded to a sixth
        var audio = codec.Decode(codes);
        Assert.Equal(6 * codec.HopSamples, audio.Length);
        Assert.Equal(clip.Length, codec.Reconstruct(clip, 2).Length);
        Assert.Equal(audio.AsSpan(0, clip.Length).ToArray(), codec.Reconstruct(clip, 2));
    }

    [Fact]
    public void RunTimeConfig_IsRebuiltFromTheCheckpointsOwnConfig()
    {
        using var folder = new TempFolder();
        var custom = ModelCatalog.Get("soundstream", "tiny").WithConfig(new SoundStreamConfig(C: 4, D: 32, Quantizers: 2, CodebookSize: 16), "c4_d32");
        Assert.NotEqual(ModelCatalog.Get("soundstream", "tiny").StructureHash, custom.StructureHash);
        torch.manual_seed(1);
        using (var module = custom.CreateModule())
            CheckpointFile.Save(folder.File("c.ckpt"), CheckpointMetadata.For(custom), new Dictionary<string, torch.nn.Module> { ["model"] = module });

        using var codec = CodecInference.Load(folder.File("c.ckpt"));
        Assert.Equal("soundstream/c4_d32", codec.Variant.FullName);
        Assert.Equal(custom.StructureHash, codec.Variant.StructureHash);
        Assert.Equal(2, codec.NumQuantizers);
        Assert.Equal(16, codec.CodebookSize);
        Assert.Equal(320, codec.HopSamples);
    }

    [Fact]
    public void ClassifierCheckpoint_IsRefusedAsACodec()
    {
        using var folder = new TempFolder();
        var variant = TestModels.MicroAcdNet;
        using (var module = variant.CreateModule())
            CheckpointFile.Save(folder.File("m.ckpt"), CheckpointMetadata.For(variant), new Dictionary<string, torch.nn.Module> { ["model"] = module });
        var e = Assert.Throws<CheckpointException>(() => CodecInference.Load(folder.File("m.ckpt")));
        Assert.Contains("not a codec", e.Message);
        Assert.EndsWith("m.ckpt", e.FilePath);
    }
}
