using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Tests;

public class ShapeInferenceTests
{
    private static Graph Build(Action<IModelBuilder> define) =>
        GraphBuilder.Build("test", "v", ModelFamily.Codec, define);

    [Fact]
    public void CausalStridedConvMapsLengthToLengthOverStride()
    {
        var g = Build(b =>
        {
            var x = b.Input(1, 1024, 16000);
            b.Output(x.Conv1d(8, kernel: 8, stride: 4));
        });
        Assert.Equal(new[] { 8, 256 }, g.Output.Shape);
        var conv = (Conv1dOp)g.Output.Op;
        Assert.Equal(4, conv.PadLeft);   // (k-1)*d + 1 - s
        Assert.Equal(0, conv.PadRight);
    }

    [Fact]
    public void DilatedCausalConvPadsLeftBySpanMinusOne()
    {
        var g = Build(b => b.Output(b.Input(4, 100, 16000).DepthwiseConv1d(7, dilation: 9)));
        var conv = (Conv1dOp)g.Output.Op;
        Assert.Equal(54, conv.PadLeft);
        Assert.Equal(new[] { 4, 100 }, g.Output.Shape);
        Assert.True(conv.IsDepthwise);
    }

    [Fact]
    public void ValidConvUsesFloorLengthLikePyTorch()
    {
        var g = Build(b => b.Output(b.Input2d(1, 1, 30225, 20000).Conv2d(8, 1, 9, strideW: 2)));
        Assert.Equal(new[] { 8, 1, 15109 }, g.Output.Shape);
    }

    [Fact]
    public void CausalTransposedConvUpsamplesExactly()
    {
        var g = Build(b => b.Output(b.Input(16, 10, 16000).ConvTranspose1d(8, kernel: 8, stride: 4)));
        Assert.Equal(new[] { 8, 40 }, g.Output.Shape);
        Assert.Equal(4, ((ConvTranspose1dOp)g.Output.Op).CropRight);
    }

    [Fact]
    public void StrideThatDoesNotDivideTheLengthIsRejected()
    {
        var e = Assert.Throws<DslException>(() => Build(b => b.Output(b.Input(1, 1000, 16000).Conv1d(4, 6, stride: 3))));
        Assert.Equal(DiagnosticCodes.StrideDoesNotDivide, e.Code);
        Assert.Contains("1000", e.Message);
    }

    [Fact]
    public void ResidualAddWithDifferentChannelsIsAShapeMismatch()
    {
        var e = Assert.Throws<DslException>(() => Build(b =>
        {
            var x = b.Input(4, 64, 16000);
            b.Output(x.Add(x.Conv1d(8, 1)));
        }));
        Assert.Equal(DiagnosticCodes.ShapeMismatch, e.Code);
        Assert.Contains("(4, 64)", e.Message);
        Assert.Contains("(8, 64)", e.Message);
    }

    [Fact]
    public void GroupsMustDivideChannels()
    {
        var e = Assert.Throws<DslException>(() => Build(b => b.Output(b.Input(6, 64, 16000).Conv1d(8, 3, groups: 4))));
        Assert.Equal(DiagnosticCodes.ShapeMismatch, e.Code);
    }

    [Fact]
    public void PermuteMustBeAPermutation()
    {
        var e = Assert.Throws<DslException>(() => Build(b => b.Output(b.Input2d(4, 1, 64, 16000).Permute(0, 0, 2))));
        Assert.Equal(DiagnosticCodes.InvalidArgument, e.Code);
    }

    [Fact]
    public void DefaultNamesCountPerScopeAndKind()
    {
        var g = Build(b =>
        {
            var x = b.Input(1, 64, 16000);
            using (b.Part("encoder"))
            {
                using (b.Scope("block0")) x = x.Conv1d(2, 3).Elu().Conv1d(2, 1);
                using (b.Scope("block1")) x = x.Conv1d(2, 3);
            }
            b.Output(x);
        });
        Assert.Equal(
            new[] { "input", "encoder.block0.conv0", "encoder.block0.elu0", "encoder.block0.conv1", "encoder.block1.conv0" },
            g.Nodes.Select(n => n.Name));
        Assert.All(g.Nodes.Skip(1), n => Assert.Equal("encoder", n.Part));
    }

    [Fact]
    public void ExplicitNameUsedTwiceIsRejected()
    {
        var e = Assert.Throws<DslException>(() => Build(b =>
        {
            var x = b.Input(1, 64, 16000);
            b.Output(x.Conv1d(2, 3, name: "c").Conv1d(2, 3, name: "c"));
        }));
        Assert.Equal(DiagnosticCodes.InvalidArgument, e.Code);
    }

    [Fact]
    public void StructureHashIgnoresVariantNameButNotStructure()
    {
        Graph Net(string variant, int channels) => GraphBuilder.Build("m", variant, ModelFamily.Codec,
            b => b.Output(b.Input(1, 64, 16000).Conv1d(channels, 3)));
        Assert.Equal(GraphPrinter.StructureHash(Net("a", 4)), GraphPrinter.StructureHash(Net("b", 4)));
        Assert.NotEqual(GraphPrinter.StructureHash(Net("a", 4)), GraphPrinter.StructureHash(Net("a", 5)));
    }

    [Theory]
    [InlineData("my-block")]
    [InlineData("9lives")]
    [InlineData("")]
    public void ScopeNamesMustBeIdentifiers(string name)
    {
        var e = Assert.Throws<DslException>(() => Build(b =>
        {
            var x = b.Input(1, 64, 16000);
            using (b.Scope(name)) b.Output(x.Conv1d(2, 3));
        }));
        Assert.Equal(DiagnosticCodes.InvalidArgument, e.Code);
    }

    [Fact]
    public void NamesThatCollideOnceDotsBecomeUnderscoresAreRejected()
    {
        var e = Assert.Throws<DslException>(() => Build(b =>
        {
            var x = b.Input(1, 64, 16000);
            using (b.Scope("a")) x = x.Conv1d(2, 3, name: "b_c");
            using (b.Scope("a_b")) x = x.Conv1d(2, 3, name: "c");
            b.Output(x);
        }));
        Assert.Contains("a_b.c", e.Message);
    }
}
