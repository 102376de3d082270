using Google.Protobuf;
using NeuralAudio.Models;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Export.Onnx;

namespace NeuralAudio.Onnx.Tests;

/// <summary>The exported file is a valid ONNX model: it loads in ONNX Runtime, states its opset, names its values.</summary>
public sealed class OnnxModelTests
{
    [Fact]
    public void ModelStatesIrVersionOpsetAndProducer()
    {
        var variant = ModelCatalog.Get("tinystream", "ultra_tiny");
        using var module = SeededModel.Create(variant, 1);
        var bytes = OnnxExporter.ToBytes(variant, module, "seed 1");

        var (ir, opset, producer) = ReadHeader(bytes);
        Assert.Equal(OnnxWriter.IrVersion, ir);
        Assert.Equal(17, opset);
        Assert.Equal("neuralaudio", producer);

        using var session = OnnxReference.Session(bytes);
        Assert.Equal(new[] { "audio" }, session.InputMetadata.Keys);
        Assert.Equal(new[] { -1, 1, -1 }, session.InputMetadata["audio"].Dimensions); // batch and samples are symbolic
        Assert.Equal(new[] { "embedding", "codes" }, session.OutputMetadata.Keys);
        Assert.Equal(new[] { -1, 2, -1 }, session.OutputMetadata["codes"].Dimensions);
        Assert.Contains("seed 1", session.ModelMetadata.Description);
    }

    [Fact]
    public void ClassifierHasFixedWindowAndScores()
    {
        var variant = ModelCatalog.Get("micro-acdnet", "esc10");
        using var module = SeededModel.Create(variant, 1);
        var model = OnnxExporter.Build(variant, module, "seed 1");
        using var session = OnnxReference.Session(OnnxWriter.ToBytes(model));
        Assert.Equal(new[] { -1, 1, 1, 30225 }, session.InputMetadata["audio"].Dimensions);
        Assert.Equal(new[] { -1, 10 }, session.OutputMetadata["scores"].Dimensions);
        // BatchNorm stays a BatchNormalization node (float export, nothing folded) and the swap is a Transpose.
        Assert.Contains(model.Nodes, n => n.OpType == "BatchNormalization");
        Assert.Contains(model.Nodes, n => n.OpType == "Transpose");
        Assert.Contains(model.Nodes, n => n.OpType == "Softmax");
    }

    [Fact]
    public void CodecStreamsOverAnyLengthThatIsAMultipleOfTheHop()
    {
        // The same model runs a 4-hop clip; the causal padding makes its first frames equal those of a longer clip.
        var variant = ModelCatalog.Get("tinystream", "ultra_tiny");
        var graph = variant.BuildGraph();
        using var module = SeededModel.Create(variant, 1);
        using var session = OnnxReference.Session(OnnxExporter.ToBytes(variant, module, "seed 1"));
        var (data, shape) = OnnxReference.Input(graph, batch: 1, seed: 3);
        int hop = NeuralAudio.ModelDsl.Analysis.CostModel.Analyze(graph).HopSamples;
        var full = OnnxReference.Ort(session, data, shape, codec: true);
        var shortShape = (long[])shape.Clone();
        shortShape[^1] = 4 * hop;
        var part = OnnxReference.Ort(session, data[..(4 * hop)], shortShape, codec: true);
        Assert.Equal(4, part.Shape[2]);
        long frames = full.Shape[2], dim = full.Shape[1];
        for (int d = 0; d < dim; d++)
            for (int t = 0; t < 4; t++)
                Assert.Equal(full.Float[d * frames + t], part.Float[d * 4 + t], 4);
    }

    /// <summary>ModelProto fields 1 (ir_version), 2 (producer_name) and 8 (opset_import.version), read back with Google.Protobuf.</summary>
    private static (long Ir, long Opset, string Producer) ReadHeader(byte[] bytes)
    {
        long ir = -1, opset = -1;
        string producer = "";
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: ir = input.ReadInt64(); break;
                case 2: producer = input.ReadString(); break;
                case 8:
                    var opsetImport = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint inner;
                    while ((inner = opsetImport.ReadTag()) != 0)
                        if (WireFormat.GetTagFieldNumber(inner) == 2) opset = opsetImport.ReadInt64();
                        else opsetImport.SkipLastField();
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return (ir, opset, producer);
    }
}
