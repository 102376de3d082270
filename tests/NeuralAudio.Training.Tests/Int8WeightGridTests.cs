using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Quantization;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Tests;

public class Int8WeightGridTests
{
    /// <summary>
    /// The snapped float model carries exactly the int8 deployment's weights: exporting it again gives the same int8
    /// values (Micro-ACDNet has BatchNorm after its convs; TinyStream has dilated, grouped and strided convs).
    /// </summary>
    [Theory]
    [InlineData("micro-acdnet", "esc50")]
    [InlineData("tinystream", "ultra_tiny")]
    public void SnappedModel_ExportsTheSameInt8Weights(string modelId, string variantName)
    {
        var variant = ModelCatalog.Get(modelId, variantName);
        using var module = TestModels.Seeded(variant);
        var options = new ExportOptions { CalibrationClips = 2 };
        var (deploy, before, _) = Exporter.Quantize(variant, module, options);
        var original = module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

        Int8WeightGrid.Snap(deploy, module);
        var (_, after, _) = Exporter.Quantize(variant, module, options);

        int layers = 0, moved = 0;
        foreach (var op in deploy.Ops.Where(o => before.Ops[o.Name].Weights != null))
        {
            Assert.Equal(before.Ops[op.Name].Weights, after.Ops[op.Name].Weights);
            layers++;
            var key = deploy.Source.Nodes[op.SourceNodes[0]].Identifier + ".weight";
            if (!module.state_dict()[key].equal(original[key]).all().item<bool>()) moved++;
        }
        Assert.True(layers > 10, $"only {layers} weighted ops");
        Assert.Equal(layers, moved); // the snap did change every layer's float weights
        // Everything else (biases, BatchNorm statistics, codebooks) is untouched.
        foreach (var (key, value) in original.Where(p => !p.Key.EndsWith(".weight", StringComparison.Ordinal) || p.Value.dim() < 2))
            Assert.True(module.state_dict()[key].equal(value).all().item<bool>(), $"'{key}' changed");
    }

    [Fact]
    public void SnappedWeights_LieOnTheGrid_WithinHalfAStep()
    {
        var variant = TestModels.UltraTiny;
        using var module = TestModels.Seeded(variant);
        var deploy = Lowering.Lower(variant.BuildGraph());
        var conv = deploy.Ops.First(o => o.Kind == DeployOpKind.Conv1d);
        var key = deploy.Source.Nodes[conv.SourceNodes[0]].Identifier + ".weight";
        var w = module.state_dict()[key].detach().clone();
        Int8WeightGrid.Snap(deploy, module);
        var snapped = module.state_dict()[key];
        var step = w.reshape(w.shape[0], -1).abs().amax(new long[] { 1 }) / 127; // per output channel
        var steps = (snapped.reshape(w.shape[0], -1) / step.unsqueeze(1));
        Assert.True((steps - steps.round()).abs().max().item<float>() < 1e-3, "a snapped weight is off the grid");
        Assert.True(((snapped - w).reshape(w.shape[0], -1).abs() / step.unsqueeze(1)).max().item<float>() <= 0.5 + 1e-4, "a weight moved more than half a step");
    }
}
