using System.Text.Json;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Runtime.Serialization;
using NeuralAudio.Training.Export;

namespace NeuralAudio.Training.Tests;

public class SerializationTests
{
    private static readonly Lazy<(NeuralAudio.ModelDsl.Deploy.DeployGraph Graph, QuantizedModel Model)> Codec = new(() =>
    {
        var variant = TestModels.UltraTiny;
        using var module = TestModels.Seeded(variant);
        var (graph, model, _) = Exporter.Quantize(variant, module, new ExportOptions { CalibrationClips = 4 });
        return (graph, model);
    });

    [Fact]
    public void Naw_RoundTripsEveryTable()
    {
        using var folder = new TempFolder();
        var (_, model) = Codec.Value;
        var path = folder.File("m.naw");
        QuantizedModelFile.Save(path, model);
        var read = QuantizedModelFile.Load(path);
        Assert.Equal(model.ModelId, read.ModelId);
        Assert.Equal(model.Variant, read.Variant);
        Assert.Equal(model.StructureHash, read.StructureHash);
        Assert.Equal(model.Activations, read.Activations);
        Assert.Equal(model.Ops.Keys, read.Ops.Keys);
        foreach (var (name, t) in model.Ops)
        {
            var r = read.Ops[name];
            Assert.Equal(t.Weights, r.Weights);
            Assert.Equal(t.Bias, r.Bias);
            Assert.Equal(t.Multiplier, r.Multiplier);
            Assert.Equal(t.Shift, r.Shift);
            Assert.Equal(t.Lut, r.Lut);
            Assert.Equal(t.ExpLut, r.ExpLut);
            Assert.Equal(t.Add, r.Add);
            if (t.Rvq is { } rvq)
            {
                Assert.Equal(rvq.Params, r.Rvq!.Params);
                Assert.Equal(rvq.Codebooks, r.Rvq.Codebooks);
                Assert.Equal(rvq.Norms, r.Rvq.Norms);
                Assert.Equal(rvq.CodebookOffsets, r.Rvq.CodebookOffsets);
                Assert.Equal(rvq.Multiplier, r.Rvq.Multiplier);
                Assert.Equal(rvq.Shift, r.Rvq.Shift);
                Assert.Equal(rvq.Quantization, r.Rvq.Quantization);
            }
            else Assert.Null(r.Rvq);
        }
        Assert.Equal(QuantizedModelFile.ToBytes(model), QuantizedModelFile.ToBytes(read));
        Assert.Equal(new[] { "m.naw" }, folder.Entries());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    [InlineData(0.001)]
    public void Naw_Truncated_NamesTheFile(double keep)
    {
        using var folder = new TempFolder();
        var path = folder.File("cut.naw");
        var bytes = QuantizedModelFile.ToBytes(Codec.Value.Model);
        File.WriteAllBytes(path, bytes.AsSpan(0, Math.Max(1, (int)(bytes.Length * keep))).ToArray());
        var e = Assert.Throws<QuantizedModelFileException>(() => QuantizedModelFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Matches("truncated|corrupt", e.Message);
    }

    [Fact]
    public void Naw_FromAnEarlierDeployLayout_IsRefusedWithTheVersions()
    {
        using var folder = new TempFolder();
        var path = folder.File("old.naw");
        var bytes = QuantizedModelFile.ToBytes(Codec.Value.Model);
        Assert.Equal(2u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        // Layout 1 quantised an encoder's PCM to int8 before the first conv: its tables would silently mis-scale here.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 1);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<QuantizedModelFileException>(() => QuantizedModelFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("format version 1; this build reads version 2", e.Message);
        Assert.Contains("re-export", e.Message);
    }

    [Fact]
    public void Naw_FlippedByte_IsCorrupt()
    {
        using var folder = new TempFolder();
        var path = folder.File("flip.naw");
        var bytes = QuantizedModelFile.ToBytes(Codec.Value.Model);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<QuantizedModelFileException>(() => QuantizedModelFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void Naw_MissingOrForeignFile_NamesIt()
    {
        using var folder = new TempFolder();
        var missing = folder.File("none.naw");
        Assert.Contains("does not exist", Assert.Throws<QuantizedModelFileException>(() => QuantizedModelFile.Load(missing)).Message);
        var foreign = folder.File("text.naw");
        File.WriteAllText(foreign, "hello, this is not a weights file at all, not even close");
        var e = Assert.Throws<QuantizedModelFileException>(() => QuantizedModelFile.Load(foreign));
        Assert.Contains(foreign, e.Message);
        Assert.Contains("not a NeuralAudio .naw file", e.Message);
    }

    [Fact]
    public void Manifest_ListsHashTargetCalibrationTensorsAndWeightScales()
    {
        var (graph, model) = Codec.Value;
        var json = ManifestWriter.ToJson(graph, model, new ManifestInfo("esp32s3", "minmax", 4, "synthetic audio (seed 1)", "seed 1"));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(TestModels.UltraTiny.StructureHash, root.GetProperty("structureHash").GetString());
        Assert.Equal("esp32s3", root.GetProperty("target").GetString());
        Assert.Equal(4, root.GetProperty("calibration").GetProperty("clips").GetInt32());
        Assert.Equal("minmax", root.GetProperty("calibration").GetProperty("method").GetString());
        var tensors = root.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(graph.Tensors.Count, tensors.Count);
        // The encoder's first conv reads the int16 PCM as it is.
        var input = tensors.Single(t => t.GetProperty("name").GetString() == "pcm");
        Assert.Equal("int16", input.GetProperty("type").GetString());
        Assert.Equal(1f / 32768, input.GetProperty("scale").GetSingle());
        Assert.Equal(0, input.GetProperty("zeroPoint").GetInt32());
        var conv = root.GetProperty("ops").EnumerateArray().First(o => o.GetProperty("kind").GetString() == "Conv1d");
        var scale = conv.GetProperty("weightScale");
        Assert.True(scale.GetProperty("min").GetDouble() > 0);
        Assert.True(scale.GetProperty("max").GetDouble() >= scale.GetProperty("min").GetDouble());
        Assert.Equal(QuantizedModelSize.Bytes(model), root.GetProperty("weightBytes").GetInt64());
    }
}
