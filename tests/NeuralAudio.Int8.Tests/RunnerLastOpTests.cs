using NeuralAudio.Int8.Tests.Infrastructure;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests;

/// <summary><see cref="DeployGraphRunner.LastOp"/>: a prefix of the graph runs, with the same values as the whole graph.</summary>
public sealed class RunnerLastOpTests
{
    [Fact]
    public void ThePrefixRuns_ItsValuesEqualTheWholeGraphs_LaterOpsDoNot()
    {
        var zoo = ZooGraphs.Get("tinystream/ultra_tiny");
        var model = References.Model(zoo, 3);
        var pcm = TestSignals.Pcm(4 * zoo.Deploy.StepInputSamples, 3, zoo.Graph.SampleRate);
        int lastOp = zoo.Deploy.Ops.Count / 2;

        var whole = Record(new DeployGraphRunner(zoo.Deploy, model), pcm);
        var prefix = Record(new DeployGraphRunner(zoo.Deploy, model) { LastOp = lastOp }, pcm);

        var expectedNames = zoo.Deploy.Ops.Where(o => o.Index <= lastOp).Select(o => zoo.Deploy.Tensor(o.Output).Name).ToHashSet();
        Assert.Equal(expectedNames, prefix.Keys.ToHashSet());
        Assert.All(prefix, p => Assert.Equal(whole[p.Key], p.Value));
        Assert.True(whole.Count > prefix.Count);
    }

    /// <summary>Every int8 value each tensor took over the clip, by tensor name (in-place ops extend their input's list).</summary>
    private static Dictionary<string, List<sbyte>> Record(DeployGraphRunner runner, short[] pcm)
    {
        var seen = new Dictionary<string, List<sbyte>>();
        runner.Observer = (name, values, _) =>
        {
            if (!seen.TryGetValue(name, out var list)) seen[name] = list = new List<sbyte>();
            list.AddRange(values.ToArray());
        };
        runner.Push(pcm, new ushort[pcm.Length / runner.HopSamples * runner.Quantizers]);
        return seen;
    }
}
