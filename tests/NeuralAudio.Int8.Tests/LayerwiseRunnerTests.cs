using NeuralAudio.Int8.Tests.Infrastructure;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests;

/// <summary>
/// <see cref="LayerwiseRunner"/>, one op at a time over whole clips, gives every int8 tensor the values the streaming
/// <see cref="DeployGraphRunner"/> gives, and re-running an op after its bias changes moves that op's output alone.
/// </summary>
public sealed class LayerwiseRunnerTests
{
    [Theory]
    [InlineData("tinystream/ultra_tiny")]
    [InlineData("micro-acdnet/esc10")]
    public void OpByOp_EqualsTheWholeGraphRun(string key)
    {
        var zoo = ZooGraphs.Get(key);
        var deploy = zoo.Deploy;
        var model = References.Model(zoo, 5);
        var pcm = deploy.Streaming
            ? TestSignals.Pcm(5 * deploy.StepInputSamples, 5, zoo.Graph.SampleRate)
            : TestSignals.Pcm(deploy.StepInputSamples, 5, zoo.Graph.SampleRate);

        var streamed = new Dictionary<string, List<float>>();
        var runner = new DeployGraphRunner(deploy, model)
        {
            Observer = (name, values, q) =>
            {
                if (!streamed.TryGetValue(name, out var list)) streamed[name] = list = new List<float>();
                foreach (var v in values) list.Add(q.Scale * (v - q.ZeroPoint));
            },
        };
        if (deploy.Streaming) runner.Push(pcm, new ushort[5 * runner.Quantizers]);
        else runner.Run(pcm, new sbyte[runner.Classes]);

        var layerwise = new LayerwiseRunner(deploy, model, new[] { pcm });
        int compared = 0;
        foreach (var op in deploy.Ops)
        {
            layerwise.Run(op.Index);
            var output = deploy.Tensor(op.Output);
            if (output.ElementType != DeployElementType.Int8) continue;
            // Streaming sees each tensor hop by hop, [hop][time][channel]: the same order as the whole clip's [time][channel].
            Assert.Equal(streamed[output.Name], layerwise.Dequantised(0, output));
            compared++;
        }
        Assert.True(compared > 20, $"{key}: only {compared} int8 tensors");
    }

    [Fact]
    public void RunningAnOpAgain_AfterItsBiasChanges_MovesOnlyItsOutput()
    {
        var zoo = ZooGraphs.Get("tinystream/ultra_tiny");
        var deploy = zoo.Deploy;
        var model = References.Model(zoo, 6);
        var layerwise = new LayerwiseRunner(deploy, model, new[] { TestSignals.Pcm(3 * deploy.StepInputSamples, 6, zoo.Graph.SampleRate) });
        var conv = deploy.Ops.First(o => o.Kind == DeployOpKind.Conv1d && model.Ops[o.Name].Bias != null && o.Index > 0);
        foreach (var op in deploy.Ops.Where(o => o.Index <= conv.Index)) layerwise.Run(op.Index);
        var input = layerwise.Dequantised(0, deploy.Tensor(conv.Inputs[0]));
        var before = layerwise.Dequantised(0, deploy.Tensor(conv.Output));

        var bias = model.Ops[conv.Name].Bias!;
        for (int c = 0; c < bias.Length; c++) bias[c] += 1 << 20; // far more than one output step
        layerwise.Run(conv.Index);

        Assert.Equal(input, layerwise.Dequantised(0, deploy.Tensor(conv.Inputs[0])));
        Assert.NotEqual(before, layerwise.Dequantised(0, deploy.Tensor(conv.Output)));
    }
}
