using NeuralAudio.Int8.Tests.Infrastructure;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests;

/// <summary>The arena the generated code uses is near-optimal and every access stays inside it.</summary>
public sealed class ArenaPlanTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ZooGraphs.All), MemberType = typeof(ZooGraphs))]
    public void TheArenaIsWithin5PercentOfTheLowerBound(string key)
    {
        var zoo = ZooGraphs.Get(key);
        var plan = zoo.Plan;
        output.WriteLine($"{key}: arena {plan.ArenaBytes} B, lower bound {plan.LowerBoundBytes} B (ratio {plan.Ratio:F4}), " +
            $"state {zoo.Deploy.StateBytes} B, weights {DeployOpLayout.WeightBytes(zoo.Deploy)} B, {zoo.Deploy.Ops.Count} kernel calls");
        Assert.True(plan.ArenaBytes <= 1.05 * plan.LowerBoundBytes, $"{key}: arena {plan.ArenaBytes} B is more than 5 % above the lower bound {plan.LowerBoundBytes} B");
    }

    [Theory]
    [MemberData(nameof(ZooGraphs.RunnableInCSharp), MemberType = typeof(ZooGraphs))]
    public void RunningThePlan_NoOpTouchesALiveTensor_AndNothingReadsStaleArenaBytes(string key)
    {
        var zoo = ZooGraphs.Get(key);
        var checkedRunner = new DeployGraphRunner(zoo.Deploy, References.Model(zoo, 1), zoo.Plan, verifyArena: true);
        var pcm = References.Clip(zoo, 1, zoo.Frames);
        if (zoo.Deploy.Streaming)
            Int8Outputs.AssertEqual(References.Codes(zoo, 1, zoo.Frames), Int8Outputs.Encode(checkedRunner, pcm), $"{key}: poisoned arena");
        else
            Int8Outputs.AssertEqual(References.Scores(zoo, 1), Int8Outputs.Classify(checkedRunner, pcm), $"{key}: poisoned arena");
    }
}
