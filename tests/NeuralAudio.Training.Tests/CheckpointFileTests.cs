using NeuralAudio.Models;
using NeuralAudio.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Tests;

public class CheckpointFileTests
{
    private static CheckpointMetadata Metadata(ModelVariant variant) =>
        CheckpointMetadata.For(variant, step: 1234, epoch: 7, extra: new Dictionary<string, string> { ["loss"] = "0.125" });

    [Fact]
    public void RoundTrip_RestoresEveryStateDictTensorExactly()
    {
        using var folder = new TempFolder();
        var variant = TestModels.MicroAcdNet;
        using var saved = TestModels.Seeded(variant, seed: 3);
        var path = folder.File("micro.ckpt");
        CheckpointFile.Save(path, Metadata(variant), new Dictionary<string, nn.Module> { ["model"] = saved });

        using var restored = TestModels.Seeded(variant, seed: 4);
        var checkpoint = CheckpointFile.Load(path, variant);
        checkpoint.LoadInto(CheckpointFile.ModelSection, restored);

        var expected = saved.state_dict();
        var actual = restored.state_dict();
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        foreach (var (key, tensor) in expected)
            Assert.True(tensor.shape.SequenceEqual(actual[key].shape) && tensor.eq(actual[key]).all().item<bool>(), $"{key} differs after the round trip");
        Assert.Contains(expected.Keys, k => k.EndsWith(".running_var", StringComparison.Ordinal));
    }

    [Fact]
    public void RoundTrip_KeepsMetadata()
    {
        using var folder = new TempFolder();
        var variant = TestModels.UltraTiny;
        using var module = variant.CreateModule();
        var path = folder.File("codec.ckpt");
        var written = Metadata(variant);
        CheckpointFile.Save(path, written, new Dictionary<string, nn.Module> { ["model"] = module });

        var read = CheckpointFile.Load(path).Metadata;
        Assert.Equal("tinystream", read.ModelId);
        Assert.Equal("ultra_tiny", read.Variant);
        Assert.Equal(variant.StructureHash, read.StructureHash);
        Assert.Equal(1234, read.Step);
        Assert.Equal(7, read.Epoch);
        Assert.Equal("0.125", read.Extra!["loss"]);
        Assert.Equal(typeof(TinyStreamConfig).FullName, read.ConfigType);
        Assert.Equal(64, read.Config!.Value.GetProperty("D").GetInt32());
        Assert.Equal(written.CreatedUtc, read.CreatedUtc);
    }

    [Fact]
    public void Sections_AreNamedAndReadBack()
    {
        using var folder = new TempFolder();
        var variant = TestModels.UltraTiny;
        using var module = variant.CreateModule();
        var path = folder.File("two.ckpt");
        CheckpointFile.Save(path, Metadata(variant), new[]
        {
            CheckpointSection.FromModule("model", module),
            CheckpointSection.FromBytes("optimizer", new byte[] { 1, 2, 3 }),
        });
        var checkpoint = CheckpointFile.Load(path);
        Assert.Equal(new[] { "model", "optimizer" }, checkpoint.SectionNames);
        Assert.Equal(new byte[] { 1, 2, 3 }, checkpoint.ReadSection("optimizer"));
        var missing = Assert.Throws<CheckpointException>(() => checkpoint.ReadSection("discriminator"));
        Assert.Contains("no section 'discriminator'", missing.Message);
    }

    [Fact]
    public void Save_IsAtomic_LeavesNoTempFileAndReplacesTheOldCheckpoint()
    {
        using var folder = new TempFolder();
        var variant = TestModels.UltraTiny;
        using var first = variant.CreateModule();
        var path = folder.File("model.ckpt");
        CheckpointFile.Save(path, Metadata(variant) with { Step = 1 }, new Dictionary<string, nn.Module> { ["model"] = first });
        CheckpointFile.Save(path, Metadata(variant) with { Step = 2 }, new Dictionary<string, nn.Module> { ["model"] = first });
        Assert.Equal(new[] { "model.ckpt" }, folder.Entries());
        Assert.Equal(2, CheckpointFile.Load(path).Metadata.Step);
    }

    [Fact]
    public void Save_ThatFails_LeavesNeitherTempFileNorTarget()
    {
        using var folder = new TempFolder();
        var path = folder.File("broken.ckpt");
        var failing = CheckpointSection.FromPayload("model", () => throw new InvalidOperationException("disk full"));
        Assert.Throws<InvalidOperationException>(() => CheckpointFile.Save(path, Metadata(TestModels.UltraTiny), new[] { failing }));
        Assert.Empty(folder.Entries());
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        using var folder = new TempFolder();
        var path = folder.File("nowhere.ckpt");
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    [InlineData(0.01)]
    public void Load_TruncatedFile_SaysTruncatedAndNamesIt(double keep)
    {
        using var folder = new TempFolder();
        var path = WriteUltraTiny(folder);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, (int)(bytes.Length * keep)).ToArray());
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Load_FlippedByte_SaysCorrupt()
    {
        using var folder = new TempFolder();
        var path = WriteUltraTiny(folder);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length * 2 / 3] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void Load_OtherFile_SaysItIsNoCheckpoint()
    {
        using var folder = new TempFolder();
        var path = folder.File("notes.ckpt");
        File.WriteAllText(path, "these are not the weights you are looking for, but long enough to parse");
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a NeuralAudio checkpoint", e.Message);
    }

    [Fact]
    public void Load_ForAnotherStructure_NamesBothModelsAndHashes()
    {
        using var folder = new TempFolder();
        var tiny = ModelCatalog.Get("tinystream", "tiny");
        var small = ModelCatalog.Get("tinystream", "small");
        using var module = tiny.CreateModule();
        var path = folder.File("tiny.ckpt");
        CheckpointFile.Save(path, CheckpointMetadata.For(tiny), new Dictionary<string, nn.Module> { ["model"] = module });

        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path, small));
        Assert.Equal(
            $"checkpoint {path} was trained for tinystream/tiny (hash {tiny.StructureHash}), not tinystream/small (hash {small.StructureHash})",
            e.Message);
    }

    [Fact]
    public void LoadInto_AModuleOfAnotherShape_NamesTheFileAndSection()
    {
        using var folder = new TempFolder();
        var path = WriteUltraTiny(folder);
        using var other = ModelCatalog.Get("tinystream", "tiny").CreateModule();
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path).LoadInto("model", other));
        Assert.Contains(path, e.Message);
        Assert.Contains("section 'model'", e.Message);
    }

    private static string WriteUltraTiny(TempFolder folder)
    {
        var variant = TestModels.UltraTiny;
        using var module = variant.CreateModule();
        var path = folder.File("ultra.ckpt");
        CheckpointFile.Save(path, CheckpointMetadata.For(variant), new Dictionary<string, nn.Module> { ["model"] = module });
        return path;
    }
}
