using NeuralAudio.ModelDsl.Planning;
using Xunit.Abstractions;

namespace NeuralAudio.ModelDsl.Tests.Planning;

/// <summary>
/// Seeded random deployment-like graphs: chains of convs (random sizes) and elementwise ops, residual branches
/// spanning 1..5 steps (sometimes with a nested residual inside), splits feeding two-input ops, extra graph outputs.
/// </summary>
internal static class RandomPlanGraphs
{
    public const int MaxSize = 4096;

    public static PlanGraph Next(Random rng)
    {
        var g = new StepGraph();
        int x = g.Input(rng.Next(1, MaxSize + 1));
        int target = rng.Next(4, 48);
        while (g.StepCount < target)
        {
            double r = rng.NextDouble();
            if (r < 0.30) x = Residual(g, rng, x, allowNested: true);
            else if (r < 0.50) x = g.Op("ew", g.Size(x), elementwise: true, x);
            else if (r < 0.56) x = SplitAndJoin(g, rng, x);
            else
            {
                x = g.Op("conv", rng.Next(1, MaxSize + 1), elementwise: false, x);
                if (rng.NextDouble() < 0.04) g.MarkOutput(x);   // an intermediate output: lives to the end
            }
        }
        return g.Build(x);
    }

    /// <summary>skip -> 1..5 branch steps (one may be a nested residual) -> add(skip, branch).</summary>
    private static int Residual(StepGraph g, Random rng, int skip, bool allowNested)
    {
        int span = rng.Next(1, 6);
        int nestedAt = allowNested && rng.NextDouble() < 0.25 ? rng.Next(span) : -1;
        int y = skip;
        for (int i = 0; i < span; i++)
        {
            bool last = i == span - 1;
            if (i == nestedAt && !last) y = Residual(g, rng, y, allowNested: false);
            else if (rng.NextDouble() < 0.35 && (!last || g.Size(y) == g.Size(skip)))
                y = g.Op("ew", g.Size(y), elementwise: true, y);
            else
                y = g.Op("conv", last ? g.Size(skip) : rng.Next(1, MaxSize + 1), elementwise: false, y);
        }
        // Adds in either operand order, so in place lands on the skip or on the branch.
        return rng.NextDouble() < 0.5 ? g.Op("add", g.Size(skip), true, skip, y) : g.Op("add", g.Size(skip), true, y, skip);
    }

    /// <summary>A two-output step whose halves meet again in a two-input non-elementwise op (concat).</summary>
    private static int SplitAndJoin(StepGraph g, Random rng, int x)
    {
        var (a, b) = g.Split("split", rng.Next(1, MaxSize + 1), rng.Next(1, MaxSize + 1), x);
        if (rng.NextDouble() < 0.5) a = g.Op("ew", g.Size(a), true, a);
        return g.Op("concat", g.Size(a) + g.Size(b), false, a, b);
    }
}

public class BufferPlannerPropertyTests
{
    private readonly ITestOutputHelper _output;

    public BufferPlannerPropertyTests(ITestOutputHelper output) { _output = output; }

    [Theory]
    [InlineData(16)]
    [InlineData(1)]
    public void RandomGraphsGetValidPlansNoSmallerThanTheLowerBound(int alignment)
    {
        const int graphs = 600;
        var rng = new Random(20240611 + alignment);
        double worst = 1, worstAligned = 1, sum = 0;
        int breadthWins = 0, atBound = 0, tensors = 0;
        string worstReport = "";
        for (int n = 0; n < graphs; n++)
        {
            var graph = RandomPlanGraphs.Next(rng);
            var plan = BufferPlanner.Plan(graph, alignment);
            tensors += graph.Tensors.Count;

            plan.Validate();
            IndependentlyCheckNoLiveOverlap(graph, plan);
            long bound = IndependentLowerBound(graph);
            Assert.Equal(bound, plan.LowerBoundBytes);
            Assert.True(plan.ArenaBytes >= plan.AlignedLowerBoundBytes, plan.Report());
            Assert.True(plan.AlignedLowerBoundBytes >= plan.LowerBoundBytes);
            Assert.Equal(0, plan.ArenaBytes % alignment);

            // The chosen plan is never worse than either strategy alone.
            long bySize = BufferPlanner.PlanBySize(graph.Tensors, alignment).ArenaBytes;
            Assert.True(plan.ArenaBytes <= bySize);
            if (plan.Strategy == BufferPlanner.GreedyByBreadth) breadthWins++;
            if (plan.ArenaBytes == plan.AlignedLowerBoundBytes) atBound++;

            double ratio = plan.Ratio, ratioAligned = (double)plan.ArenaBytes / Math.Max(1, plan.AlignedLowerBoundBytes);
            sum += ratio;
            if (ratio > worst) { worst = ratio; }
            if (ratioAligned > worstAligned) { worstAligned = ratioAligned; worstReport = plan.Report(); }
        }
        _output.WriteLine($"alignment {alignment}: {graphs} graphs, {tensors} tensors; arena/lower bound worst {worst:F4}, " +
            $"mean {sum / graphs:F4}; arena/aligned bound worst {worstAligned:F4}; at the aligned bound {atBound}/{graphs}; " +
            $"greedy by breadth chosen {breadthWins}/{graphs}");
        _output.WriteLine("worst graph against the aligned bound:");
        _output.WriteLine(worstReport);
    }

    /// <summary>Step by step, every pair of live tensors is disjoint unless one is in place of the other (same offset).</summary>
    private static void IndependentlyCheckNoLiveOverlap(PlanGraph graph, BufferPlan plan)
    {
        int steps = Math.Max(1, graph.Steps.Count);
        for (int s = 0; s < steps; s++)
        {
            var live = graph.Tensors.Where(t => t.FirstStep <= s && s <= t.LastStep).ToList();
            for (int i = 0; i < live.Count; i++)
            for (int j = i + 1; j < live.Count; j++)
            {
                PlanTensor a = live[i], b = live[j];
                long ao = plan.OffsetOf(a.Id), bo = plan.OffsetOf(b.Id);
                Assert.True(ao % plan.Alignment == 0 && ao + a.SizeBytes <= plan.ArenaBytes);
                if (a.InPlaceOf == b.Id || b.InPlaceOf == a.Id)
                {
                    Assert.Equal(ao, bo);
                    continue;
                }
                Assert.True(ao + a.SizeBytes <= bo || bo + b.SizeBytes <= ao,
                    $"step {s}: {a} at {ao} overlaps {b} at {bo}");
            }
        }
    }

    /// <summary>
    /// Per-tensor live sums, subtracting the in-place tensor at the one step it shares with its source. Elementwise
    /// ops keep sizes in these graphs, so this equals the planner's per-buffer bound.
    /// </summary>
    private static long IndependentLowerBound(PlanGraph graph)
    {
        long best = 0;
        for (int s = 0; s < Math.Max(1, graph.Steps.Count); s++)
        {
            long live = 0;
            foreach (var t in graph.Tensors)
            {
                if (t.FirstStep > s || s > t.LastStep) continue;
                live += t.SizeBytes;
                if (t.InPlaceOf.HasValue && t.FirstStep == s) live -= t.SizeBytes;
            }
            best = Math.Max(best, live);
        }
        return best;
    }
}
