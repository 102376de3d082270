using NeuralAudio.Int8.Tests.Infrastructure;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests;

/// <summary>The kernel paths the zoo does not use agree between C, generated C# and the interpreter too.</summary>
public sealed class KitchenSinkTests(CBuildFixture c, ITestOutputHelper output) : IClassFixture<CBuildFixture>
{
    private const int Windows = 6;

    [Fact]
    public void TheGraphReachesEveryKernelFamily()
    {
        var deploy = KitchenSink.Graph.Deploy;
        var kinds = deploy.Ops.Select(o => o.Kind).ToHashSet();
        // The zoo covers conv2d, the RVQ and the PCM quantise op (the classifiers' input).
        foreach (var kind in Enum.GetValues<DeployOpKind>().Except([DeployOpKind.Conv2d, DeployOpKind.ResidualVq, DeployOpKind.QuantizeInput]))
            Assert.Contains(kind, kinds);
        // Its first conv reads the int16 PCM through a "same" window: zero padding on both sides, offline.
        Assert.Equal(deploy.PcmInput, deploy.Ops[0].Inputs[0]);
        output.WriteLine(string.Join("\n", KitchenSink.Graph.Deploy.Ops.Select(o => $"{o.Index} {o.Kind} {o.Name} {o.Op}{(o.FusedRelu ? " +relu" : "")}")));
    }

    [Theory]
    [InlineData(CFlavor.Optimized, 1)]
    [InlineData(CFlavor.Optimized, 2)]
    [InlineData(CFlavor.Sanitized, 1)]
    public void GeneratedC_GeneratedCSharp_AndTheRunner_GiveIdenticalScores(CFlavor flavor, int seed)
    {
        var zoo = KitchenSink.Graph;
        var model = SeededQuantizedModel.Create(zoo.Deploy, seed);
        var pcm = TestSignals.Pcm(Windows * KitchenSink.Samples, seed, 8000);
        var runner = new DeployGraphRunner(zoo.Deploy, model, zoo.Plan, verifyArena: true);
        var expected = Int8Outputs.Classify(runner, pcm);
        Int8Outputs.AssertEqual(expected, Int8Outputs.Classify(EmittedCSharp.Classifier(zoo, model), pcm), "generated C# vs runner");
        Int8Outputs.AssertEqual(expected, c.Build(zoo.Deploy, zoo.Plan, model, flavor, "seed" + seed).Classify(pcm), $"{flavor} C vs runner");
        Assert.True(expected.Distinct().Count() > 2, "the scores hardly vary: " + string.Join(" ", expected));
        output.WriteLine(string.Join(" ", expected));
    }
}
