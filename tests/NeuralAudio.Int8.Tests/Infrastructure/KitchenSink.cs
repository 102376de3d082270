using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>
/// A small classifier that reaches every kernel path the zoo leaves out: a first conv reading int16 PCM through a
/// "same" window, "same" and offline causal conv1d windows (zero-point padding on both sides), a grouped dilated conv, LeakyReLU and ELU tables, an add with a fused ReLU,
/// a transposed conv with crops, 1-D max and average pools, an unfused ReLU, a bias-free strided conv and a 1-D
/// permute, then linear and softmax.
/// </summary>
public static class KitchenSink
{
    public const int Samples = 96;

    private static readonly Lazy<ZooGraph> graph = new(() =>
    {
        var g = GraphBuilder.Build("kitchen-sink", "test", ModelFamily.Classifier, Define);
        var deploy = Lowering.Lower(g);
        return new ZooGraph("kitchen-sink/test", "NeuralAudio.Int8.Tests.Infrastructure.KitchenSink", g, deploy, DeployMemoryPlan.Plan(deploy));
    });

    public static ZooGraph Graph => graph.Value;

    private static void Define(IModelBuilder b)
    {
        var x = b.Input(channels: 1, length: Samples, sampleRate: 8000);
        TensorRef y;
        using (b.Part("classifier"))
        {
            var a = x.Conv1d(6, 5, padding: Padding.Same).BatchNorm().Relu();
            a = a.LeakyRelu(0.1);
            var d = a.Conv1d(6, 3, dilation: 2, groups: 3, padding: Padding.Causal);
            a = a.Add(d).Relu();
            var u = a.ConvTranspose1d(4, 4, 2, padding: Padding.Same).Elu();
            u = u.MaxPool1d(2).AvgPool1d(2).Relu();
            u = u.Conv1d(8, 3, stride: 2, padding: Padding.Valid, bias: false);
            u = u.Permute(1, 0).Conv1d(12, 1).AvgPool1d(8);
            y = u.Flatten().Linear(5).Softmax();
        }
        b.Output(y);
    }
}
