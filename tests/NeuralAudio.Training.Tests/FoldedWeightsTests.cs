using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Training.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Tests;

public class FoldedWeightsTests
{
    [Fact]
    public void FoldedConv2d_EqualsConvThenBatchNorm()
    {
        var variant = TestModels.MicroAcdNet;
        using var module = TestModels.Seeded(variant);
        var deploy = Lowering.Lower(variant.BuildGraph());
        var folded = FoldedWeights.From(deploy, module);
        var state = module.state_dict();
        var generator = new Generator(42);
        int checkedOps = 0;
        using var _ = no_grad();
        foreach (var op in deploy.Ops.Where(o => o.Op is Conv2dOp))
        {
            using var scope = NewDisposeScope();
            var c = (Conv2dOp)op.Op;
            var conv = deploy.Source.Nodes[op.SourceNodes[0]];
            var bn = deploy.Source.Nodes[op.SourceNodes[1]];
            Assert.IsType<BatchNormOp>(bn.Op);
            var inShape = deploy.Source.Nodes[conv.Inputs[0]].Shape;
            var x = randn(new long[] { 2, inShape[0], Math.Min(inShape[1], 16), Math.Min(inShape[2], 40) }, generator: generator);

            var w = state[conv.Identifier + ".weight"];
            var reference = nn.functional.batch_norm(
                nn.functional.conv2d(x, w, null, new long[] { c.StrideH, c.StrideW }, new long[] { c.PadTop, c.PadLeft }, groups: c.Groups),
                state[bn.Identifier + ".running_mean"], state[bn.Identifier + ".running_var"],
                state[bn.Identifier + ".weight"], state[bn.Identifier + ".bias"], training: false, eps: 1e-5);

            var layer = folded.Layers[op.Name];
            // Kernel layout [out][kh][kw][in/g] back to PyTorch's [out][in/g][kh][kw].
            var w2 = tensor(layer.Weights).reshape(c.OutChannels, c.KernelH, c.KernelW, c.InChannels / c.Groups).permute(0, 3, 1, 2);
            var foldedOut = nn.functional.conv2d(x, w2, tensor(layer.Bias), new long[] { c.StrideH, c.StrideW }, new long[] { c.PadTop, c.PadLeft }, groups: c.Groups);

            double maxAbs = (reference - foldedOut).abs().max().item<float>();
            Assert.True(maxAbs < 1e-5, $"{op.Name}: folded conv differs from conv + BatchNorm by {maxAbs}");
            Assert.True(reference.abs().max().item<float>() > 0.1, $"{op.Name}: the comparison is vacuous");
            checkedOps++;
        }
        Assert.Equal(12, checkedOps);
    }

    [Fact]
    public void FoldedBatchNorm_GivesABiasToAConvWithout()
    {
        var variant = TestModels.MicroAcdNet;
        using var module = TestModels.Seeded(variant);
        var deploy = Lowering.Lower(variant.BuildGraph());
        var folded = FoldedWeights.From(deploy, module);
        var first = deploy.Ops.First(o => o.Op is Conv2dOp c && !c.Bias);
        Assert.Contains(folded.Layers[first.Name].Bias, b => Math.Abs(b) > 1e-3);
    }

    [Fact]
    public void Conv1dWeights_ArePermutedToOutTapsIn()
    {
        var variant = TestModels.UltraTiny;
        using var module = TestModels.Seeded(variant);
        var deploy = Lowering.Lower(variant.BuildGraph());
        var folded = FoldedWeights.From(deploy, module);
        var state = module.state_dict();
        foreach (var op in deploy.Ops.Where(o => o.Op is Conv1dOp))
        {
            var c = (Conv1dOp)op.Op;
            var w = state[deploy.Source.Nodes[op.SourceNodes[0]].Identifier + ".weight"]; // [out][in/g][k]
            var layer = folded.Layers[op.Name];
            int inPerGroup = c.InChannels / c.Groups;
            Assert.Equal(c.Kernel * inPerGroup, layer.FanIn);
            var expected = w.permute(0, 2, 1).contiguous().data<float>().ToArray();
            Assert.Equal(expected, layer.Weights);
        }
    }

    [Fact]
    public void Codebooks_ArePerStageKByD()
    {
        var variant = TestModels.UltraTiny;
        using var module = TestModels.Seeded(variant);
        var deploy = Lowering.Lower(variant.BuildGraph());
        var folded = FoldedWeights.From(deploy, module);
        var rvq = deploy.Ops.Single(o => o.Kind == DeployOpKind.ResidualVq);
        var books = folded.Codebooks[rvq.Name];
        Assert.Equal(2, books.Count);
        Assert.All(books, b => Assert.Equal(256 * 64, b.Length));
    }
}
