using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.Models.Tests;

/// <summary>Small graphs declared with the DSL at run time: they cover every op the emitter and GraphModule handle.</summary>
public static class TestGraphs
{
    public static Graph ByName(string name) => name switch
    {
        nameof(Codec) => Codec(),
        nameof(Classifier) => Classifier(),
        nameof(Misc1d) => Misc1d(),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> All => new() { nameof(Codec), nameof(Classifier), nameof(Misc1d) };

    /// <summary>
    /// Causal codec: depthwise-separable residual units with dilations 1 and 3, strided downsampling convs (x2, x4),
    /// a 4-stage RVQ, and causal transposed convs back up. 256 samples in, 32 frames of 16 dims.
    /// </summary>
    public static Graph Codec() => GraphBuilder.Build("testcodec", "small", ModelFamily.Codec, b =>
    {
        var x = b.Input(1, 256, 16000);
        TensorRef e, q, d;
        using (b.Part("encoder"))
        {
            e = x.Conv1d(8, 7);
            int block = 0;
            foreach (var stride in new[] { 2, 4 })
            {
                using (b.Scope("block" + block++))
                {
                    e = ResidualUnits(b, e);
                    e = e.Elu().Conv1d(e.Channels * 2, 2 * stride, stride: stride);
                }
            }
            e = e.Elu().Conv1d(16, 3);
        }
        using (b.Part("quantizer")) q = e.ResidualVq(4, 32);
        using (b.Part("decoder"))
        {
            d = q.Conv1d(32, 7);
            int block = 0;
            foreach (var stride in new[] { 4, 2 })
            {
                using (b.Scope("block" + block++))
                {
                    d = d.LeakyRelu(0.2).ConvTranspose1d(d.Channels / 2, 2 * stride, stride);
                    d = ResidualUnits(b, d);
                }
            }
            d = d.Elu().Conv1d(1, 7);
        }
        b.Output(d);
    });

    private static TensorRef ResidualUnits(IModelBuilder b, TensorRef x)
    {
        int unit = 0;
        foreach (var dilation in new[] { 1, 3 })
        {
            using (b.Scope("res" + unit++))
            {
                var y = x.Elu().DepthwiseConv1d(7, dilation: dilation).Elu().Conv1d(x.Channels, 1);
                x = x.Add(y);
            }
        }
        return x;
    }

    /// <summary>
    /// ACDNet in miniature: a spectral feature block of (1 x k) valid convs with BatchNorm, ReLU and MaxPool2d, the
    /// (1, 0, 2) swap, then same-padded 2-D convs (one with even kernels: asymmetric padding), Dropout, AvgPool2d,
    /// Flatten, Linear and Softmax.
    /// </summary>
    public static Graph Classifier() => GraphBuilder.Build("testacdnet", "mini", ModelFamily.Classifier, b =>
    {
        var x = b.Input2d(1, 1, 1024, 20000);
        using (b.Scope("sfeb"))
        {
            x = x.Conv2d(8, 1, 9, strideW: 2).BatchNorm().Relu();
            x = x.Conv2d(16, 1, 5, strideW: 2).BatchNorm().Relu();
            x = x.MaxPool2d(1, 4).Permute(1, 0, 2);
        }
        using (b.Scope("tfeb"))
        {
            x = x.Conv2d(8, 3, 3, padding: Padding.Same).BatchNorm().Relu().MaxPool2d(2, 2);
            x = x.Conv2d(16, 2, 4, padding: Padding.Same).BatchNorm().Relu().Dropout(0.2);
            x = x.Conv2d(10, 1, 1).BatchNorm().Relu().AvgPool2d(2, 4);
        }
        b.Output(x.Flatten().Linear(10).Softmax());
    });

    /// <summary>
    /// The remaining 1-D ops with no part declared (single part "model"): same padding with an even kernel,
    /// BatchNorm1d, LeakyReLU, both 1-D pools, same and valid transposed convs, a bias-free strided valid conv,
    /// Reshape to rank 2 and Permute.
    /// </summary>
    public static Graph Misc1d() => GraphBuilder.Build("testmisc", "v1", ModelFamily.Codec, b =>
    {
        var x = b.Input(2, 64, 8000);
        x = x.Conv1d(4, 4, padding: Padding.Same).BatchNorm().LeakyRelu(0.2).MaxPool1d(2);
        x = x.ConvTranspose1d(4, 4, 2, padding: Padding.Same).ConvTranspose1d(3, 3, 2, padding: Padding.Valid);
        x = x.AvgPool1d(3).Conv1d(2, 3, stride: 2, padding: Padding.Valid, bias: false);
        b.Output(x.Reshape(6, 7).Permute(1, 0));
    });
}
