using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Tests.Zoo;

/// <summary>The declarations as compiled: every variant registered, compile-time IR equal to run-time IR.</summary>
public class ZooDeclarationTests
{
    [Fact]
    public void EveryZooVariantIsRegistered()
    {
        var names = ModelCatalog.All.Select(v => v.FullName).ToHashSet();
        foreach (var expected in new[]
        {
            "soundstream/tiny", "soundstream/small", "soundstream/base",
            "tinystream/ultra_tiny", "tinystream/tiny", "tinystream/small", "tinystream/medium", "tinystream/full",
            "acdnet/esc50", "acdnet/esc10", "micro-acdnet/esc50", "micro-acdnet/esc10",
        })
            Assert.Contains(expected, names);
    }

    [Fact]
    public void CompileTimeIrEqualsRunTimeIrForEveryVariant()
    {
        foreach (var variant in ModelCatalog.All)
        {
            var runtime = variant.BuildGraph();
            Assert.Equal(variant.CompiledIr, GraphPrinter.Print(runtime));
            Assert.Equal(variant.StructureHash, GraphPrinter.StructureHash(runtime));
        }
    }

    [Fact]
    public void SampleVariantIsPickedUpWithoutAnyOtherChange()
    {
        var variant = ModelCatalog.Get("tinystream", "tiny_c10");
        Assert.Equal(10, ((TinyStreamConfig)variant.Config).C);
        using var module = variant.CreateModule();
        Assert.IsNotType<GraphModule>(module);
        Assert.Equal(10, variant.BuildGraph().Nodes.First(n => n.Name == "encoder.stem.conv0").Shape[0]);
    }

    [Fact]
    public void ConfigKnownOnlyAtRunTimeBuildsAWorkingModel()
    {
        var soundStream = ModelCatalog.Get("soundstream", "tiny");
        var config = (SoundStreamConfig)soundStream.Config with { C = 24, D = 256, Quantizers = 4 };
        var graph = soundStream.BuildGraph(config, "c24");
        using var module = new GraphModule(graph);
        torch.manual_seed(1);
        using var audio = torch.randn(1, 1, 320 * 4);
        using var output = module.forward(audio);
        Assert.Equal(new long[] { 1, 1, 320 * 4 }, output.shape);
        using var codes = module.Quantizer.Encode(module.Encode(audio));
        Assert.Equal(new long[] { 1, 4, 4 }, codes.shape);
    }
}
