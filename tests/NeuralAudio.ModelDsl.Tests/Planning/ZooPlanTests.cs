using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.ModelDsl.Planning;
using Xunit.Abstractions;

namespace NeuralAudio.ModelDsl.Tests.Planning;

/// <summary>The planner on zoo-like IR graphs with int8 activations: within 5 % of the lower bound.</summary>
public class ZooPlanTests
{
    private readonly ITestOutputHelper _output;

    public ZooPlanTests(ITestOutputHelper output) { _output = output; }

    [Theory]
    [InlineData(4, 1, true)]     // ultra_tiny width, one 256-sample streaming chunk
    [InlineData(8, 1, true)]     // tiny width, one chunk
    [InlineData(8, 4, false)]    // plain strided downsampling convs
    [InlineData(16, 1, true)]    // medium width, one chunk
    [InlineData(8, 64, true)]    // tiny width, the 1.024 s reference input
    public void TinyStreamLikeEncoderIsWithinFivePercentOfTheLowerBound(int channels, int frames, bool separableDown)
    {
        var graph = ZooLikeGraphs.TinyStreamEncoder(channels, frames, separableDown: separableDown);
        Check($"tinystream-like C={channels} frames={frames} {(separableDown ? "dw+pw" : "conv")} down", graph);
    }

    [Fact]
    public void MicroAcdNetLikeChainIsWithinFivePercentOfTheLowerBound() =>
        Check("micro-acdnet-like", ZooLikeGraphs.AcdNet(ZooLikeGraphs.MicroAcdNetChannels));

    [Fact]
    public void AcdNetLikeChainIsWithinFivePercentOfTheLowerBound() =>
        Check("acdnet-like", ZooLikeGraphs.AcdNet(ZooLikeGraphs.AcdNetChannels));

    [Fact]
    public void FlattenAsAnAliasJoinsTheBufferOfItsInput()
    {
        // A lowering pass may treat Reshape/Flatten as a view: the predicate lets it run "in place".
        var graph = ZooLikeGraphs.AcdNet(ZooLikeGraphs.MicroAcdNetChannels);
        var pg = PlanGraph.Build(graph, _ => 1, n => n.Op.IsElementwise || n.Op is ReshapeOp);
        var flatten = pg.Tensors.Single(t => t.Name.EndsWith("flatten", StringComparison.Ordinal));
        Assert.NotNull(flatten.InPlaceOf);
        var plan = BufferPlanner.Plan(pg);
        plan.Validate();
        Assert.Equal(plan.OffsetOf(flatten.InPlaceOf!.Value), plan.OffsetOf(flatten.Id));
    }

    private void Check(string label, Graph graph)
    {
        var pg = PlanGraph.Build(graph, _ => 1);
        var plan = BufferPlanner.Plan(pg);
        plan.Validate();
        var bySize = BufferPlanner.PlanBySize(pg.Tensors);
        var byBreadth = BufferPlanner.PlanByBreadth(pg.Tensors);
        long naive = pg.Tensors.Sum(t => t.SizeBytes);
        _output.WriteLine($"{label}: arena {plan.ArenaBytes} B, lower bound {plan.LowerBoundBytes} B " +
            $"(aligned {plan.AlignedLowerBoundBytes} B), ratio {plan.Ratio:F4}, {plan.Strategy}; " +
            $"by size {bySize.ArenaBytes} B, by breadth {byBreadth.ArenaBytes} B; sum of all tensors {naive} B; " +
            $"{pg.Tensors.Count} tensors in {plan.BufferCount} buffers");
        _output.WriteLine(plan.Report());
        Assert.True(plan.ArenaBytes >= plan.LowerBoundBytes);
        Assert.True(plan.ArenaBytes <= plan.LowerBoundBytes * 1.05,
            $"{label}: arena {plan.ArenaBytes} B is more than 5 % above the lower bound {plan.LowerBoundBytes} B\n{plan.Report()}");
    }
}
