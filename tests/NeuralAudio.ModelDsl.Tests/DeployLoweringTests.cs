using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Tests;

public class DeployLoweringTests
{
    /// <summary>Encoder: conv k=3 -> ELU -> strided conv k=8 s=4; RVQ 2x256; plus a decoder that is not deployed.</summary>
    private static Graph SmallCodec() => GraphBuilder.Build("tiny", "v", ModelFamily.Codec, b =>
    {
        var x = b.Input(1, 64, 16000);
        TensorRef z;
        using (b.Part("encoder")) z = x.Conv1d(4, 3).Elu().Conv1d(8, 8, stride: 4);
        TensorRef q;
        using (b.Part("quantizer")) q = z.ResidualVq(2, 256);
        using (b.Part("decoder")) b.Output(q.ConvTranspose1d(1, 8, 4));
    });

    private static Graph SmallClassifier() => GraphBuilder.Build("cls", "v", ModelFamily.Classifier, b =>
        b.Output(b.Input2d(1, 1, 64, 8000)
            .Conv2d(4, 1, 5, bias: false).BatchNorm().Relu()
            .MaxPool2d(1, 2).Dropout(0.2)
            .Conv2d(3, 1, 1, bias: false).BatchNorm().Relu()
            .AvgPool2d(1, 30).Flatten().Linear(3).Softmax()));

    [Fact]
    public void StreamingEncoderRunsOneHopPerStepWithCausalState()
    {
        var d = Lowering.Lower(SmallCodec());
        Assert.True(d.Streaming);
        Assert.Equal(4, d.StepInputSamples);
        // The first conv reads the int16 PCM itself: no quantise op, an int16 window and state.
        Assert.Equal(new[] { DeployOpKind.Conv1d, DeployOpKind.Lookup, DeployOpKind.Conv1d, DeployOpKind.ResidualVq },
            d.Ops.Select(o => o.Kind));
        var conv0 = d.Ops[0];
        Assert.Equal(d.PcmInput, conv0.Inputs[0]);
        Assert.Equal(2, conv0.State!.Samples);                              // (k-1)*d + 1 - s = 2
        Assert.Equal(DeployElementType.Int16, conv0.State.ElementType);
        Assert.Equal(new[] { 1, 2 + 4 }, d.Tensor(conv0.Scratch!.Value).Shape); // [state | one hop]
        Assert.Equal(DeployElementType.Int16, d.Tensor(conv0.Scratch.Value).ElementType);
        Assert.Equal(4, d.Ops[2].State!.Samples);                           // k=8, s=4: 8 - 4
        Assert.Equal(new[] { 2, 1 }, d.Tensor(d.Output).Shape);              // 2 codes for one frame
        Assert.Equal(DeployElementType.UInt16, d.Tensor(d.Output).ElementType);
        Assert.Equal(1 * 2 * 2 + 4 * 4, d.StateBytes);
    }

    [Fact]
    public void BatchNormFoldsReluFusesDropoutAndFlattenVanish()
    {
        var d = Lowering.Lower(SmallClassifier());
        Assert.False(d.Streaming);
        Assert.Equal(new[]
        {
            DeployOpKind.QuantizeInput, DeployOpKind.Conv2d, DeployOpKind.MaxPool, DeployOpKind.Conv2d,
            DeployOpKind.AvgPool, DeployOpKind.Linear, DeployOpKind.Softmax,
        }, d.Ops.Select(o => o.Kind));
        var conv = d.Ops[1];
        Assert.True(conv.FusedRelu);
        Assert.Equal(3, conv.SourceNodes.Count);                    // conv, bn, relu
        Assert.Equal("relu0", d.Tensor(conv.Output).Name);          // ranges calibrate after the ReLU
        Assert.Equal(d.Ops[4].Output, d.Ops[5].Inputs[0]);          // flatten of (3, 1, 1) is a view
    }

    [Fact]
    public void ArenaIsPlannedWithinFivePercentOfTheLowerBound()
    {
        foreach (var graph in new[] { SmallCodec(), SmallClassifier() })
        {
            var sizes = DeploySizes.Of(Lowering.Lower(graph));
            Assert.InRange(sizes.ArenaBytes, sizes.LowerBoundBytes, (long)(sizes.LowerBoundBytes * 1.05) + 16);
        }
    }

    [Fact]
    public void WeightBytesCountInt8WeightsPerChannelTablesAndLookupTables()
    {
        var sizes = DeploySizes.Of(Lowering.Lower(SmallCodec()));
        // The PCM input's multiplier lives in a params struct, not a const array, so it adds nothing here.
        long conv1 = 4 * 3 + 4 * 12, elu = 256, conv2 = 8 * 4 * 8 + 8 * 12, rvq = 2 * 256 * (8 + 4) + 2 * 12;
        Assert.Equal(conv1 + elu + conv2 + rvq, sizes.WeightBytes);
    }

    [Fact]
    public void AReshapeThatReordersChannelsLastMemoryIsRejected()
    {
        var g = GraphBuilder.Build("cls", "v", ModelFamily.Classifier, b =>
            b.Output(b.Input2d(2, 1, 8, 8000).Flatten().Linear(3)));
        var e = Assert.Throws<DslException>(() => Lowering.Lower(g));
        Assert.Contains("flatten", e.Message);
    }
}
