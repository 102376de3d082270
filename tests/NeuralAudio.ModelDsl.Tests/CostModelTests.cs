using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Tests;

public class CostModelTests
{
    /// <summary>A two-layer codec: conv k=3 (1->4), strided conv k=8 s=4 (4->8), RVQ 2x256, decoder upconv.</summary>
    private static Graph SmallCodec() => GraphBuilder.Build("tiny", "v", ModelFamily.Codec, b =>
    {
        var x = b.Input(1, 1600, 16000);
        TensorRef z;
        using (b.Part("encoder")) z = x.Conv1d(4, 3).Elu().Conv1d(8, 8, stride: 4);
        TensorRef q;
        using (b.Part("quantizer")) q = z.ResidualVq(2, 256);
        using (b.Part("decoder")) b.Output(q.ConvTranspose1d(1, 8, 4));
    });

    [Fact]
    public void ParametersAreCountedPerPart()
    {
        var cost = CostModel.Analyze(SmallCodec());
        Assert.Equal(1 * 4 * 3 + 4 + 4 * 8 * 8 + 8, cost.ParametersByPart["encoder"]);
        Assert.Equal(2 * 256 * 8, cost.ParametersByPart["quantizer"]);
        Assert.Equal(8 * 1 * 8 + 1, cost.ParametersByPart["decoder"]);
        Assert.Equal(cost.ParametersByPart.Values.Sum(), cost.Parameters);
        Assert.Equal(cost.Parameters * 4, cost.Fp32Bytes);
    }

    [Fact]
    public void MacsCountEveryOutputTimesFanIn()
    {
        var cost = CostModel.Analyze(SmallCodec());
        long conv1 = 4L * 1600 * 1 * 3, conv2 = 8L * 400 * 4 * 8, rvq = 2L * 256 * 8 * 400;
        Assert.Equal(conv1 + conv2, cost.MacsByPart["encoder"]);
        Assert.Equal(rvq, cost.MacsByPart["quantizer"]);
        Assert.Equal((conv1 + conv2 + rvq) / 0.1, cost.DeployedMacsPerSecond, 6);
    }

    [Fact]
    public void FrameRateAndBitrateFollowTheQuantizer()
    {
        var cost = CostModel.Analyze(SmallCodec());
        Assert.Equal(4, cost.HopSamples);
        Assert.Equal(4000, cost.FrameRateHz);
        Assert.Equal(2 * 8 * 4000, cost.BitrateBps);
        Assert.True(cost.Streamable);
        Assert.Equal(1000.0 * 4 / 16000, cost.AlgorithmicLatencyMs, 9);
    }

    [Fact]
    public void ReceptiveFieldAddsSpanTimesJump()
    {
        // conv k=3 (span 3, jump 1) then k=8 s=4 (span 8 at jump 1): 1 + 2 + 7 = 10 samples.
        Assert.Equal(10, CostModel.Analyze(SmallCodec()).ReceptiveFieldSamples);
    }

    [Fact]
    public void SymmetricPaddingMakesTheGraphNonStreamingWithLookahead()
    {
        var g = GraphBuilder.Build("c", "v", ModelFamily.Classifier, b =>
            b.Output(b.Input(1, 800, 8000).Conv1d(2, 5, padding: Padding.Same).Flatten().Linear(3).Softmax()));
        var cost = CostModel.Analyze(g);
        Assert.False(cost.Streamable);
        Assert.Equal(100, cost.AlgorithmicLatencyMs, 9);
        Assert.Equal(800, cost.ReceptiveFieldSamples);
    }

    [Fact]
    public void ReferenceFlopsCountPoolsReluSoftmaxAndLinearBias()
    {
        var g = GraphBuilder.Build("c", "v", ModelFamily.Classifier, b =>
            b.Output(b.Input2d(1, 2, 8, 8000).Conv2d(2, 1, 1, bias: false).BatchNorm().Relu().MaxPool2d(2, 2).Flatten().Linear(3).Softmax()));
        // conv 2*2*8*1 = 32, bn 0, relu 32, maxpool 8 outputs * 4, linear 8*3 + 3, softmax 3.
        Assert.Equal(32 + 32 + 32 + 27 + 3, CostModel.Analyze(g).ReferenceFlops);
    }
}
