using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.ModelDsl.Planning;

namespace NeuralAudio.ModelDsl.Tests.Planning;

public class BufferPlannerTests
{
    [Fact]
    public void ChainOfEqualTensorsPingPongsBetweenTwoBuffers()
    {
        var g = new StepGraph();
        int x = g.Input(1024);
        for (int i = 0; i < 6; i++) x = g.Op("conv", 1024, elementwise: false, x);
        var plan = BufferPlanner.Plan(g.Build(x));

        plan.Validate();
        Assert.Equal(2048, plan.ArenaBytes);
        Assert.Equal(2048, plan.LowerBoundBytes);
        Assert.Equal(new long[] { 0, 1024 }, plan.Offsets.Values.Distinct().OrderBy(o => o).ToArray());
        for (int i = 1; i < plan.Tensors.Count; i++)   // each conv writes the other buffer than the one it reads
            Assert.NotEqual(plan.OffsetOf(plan.Tensors[i - 1].Id), plan.OffsetOf(plan.Tensors[i].Id));
    }

    [Fact]
    public void ChainArenaIsTheLargestAdjacentPair()
    {
        long[] sizes = { 100, 200, 50, 300, 80 };
        var g = new StepGraph();
        int x = g.Input(sizes[0]);
        for (int i = 1; i < sizes.Length; i++) x = g.Op("conv", sizes[i], elementwise: false, x);
        var plan = BufferPlanner.Plan(g.Build(x), alignment: 1);

        plan.Validate();
        long maxPair = Enumerable.Range(1, sizes.Length - 1).Max(i => sizes[i - 1] + sizes[i]);
        Assert.Equal(380, maxPair);
        Assert.Equal(maxPair, plan.LowerBoundBytes);
        Assert.Equal(maxPair, plan.ArenaBytes);
    }

    [Fact]
    public void OffsetsAndArenaAreAligned()
    {
        var g = new StepGraph();
        int x = g.Input(100);
        x = g.Op("conv", 37, false, x);
        x = g.Op("conv", 5, false, x);
        x = g.Op("conv", 300, false, x);
        var plan = BufferPlanner.Plan(g.Build(x));

        plan.Validate();
        Assert.All(plan.Offsets.Values, o => Assert.Equal(0, o % 16));
        Assert.Equal(0, plan.ArenaBytes % 16);
        Assert.Equal(5 + 300, plan.LowerBoundBytes);
        Assert.Equal(16 + 304, plan.AlignedLowerBoundBytes);
        Assert.Equal(plan.AlignedLowerBoundBytes, plan.ArenaBytes);
    }

    [Fact]
    public void ElementwiseOpRunsInPlace()
    {
        var g = new StepGraph();
        int input = g.Input(100);
        int a = g.Op("conv", 200, false, input);
        int r = g.Op("relu", 200, true, a);
        int output = g.Op("conv", 100, false, r);
        var graph = g.Build(output);
        var plan = BufferPlanner.Plan(graph, alignment: 1);

        plan.Validate();
        Assert.Equal(a, graph.Tensor(r).InPlaceOf);
        Assert.Equal(plan.OffsetOf(a), plan.OffsetOf(r));
        Assert.Equal(3, plan.BufferCount);
        Assert.Equal(300, plan.LowerBoundBytes);   // without in place, step 1 would hold 400
        Assert.Equal(300, plan.ArenaBytes);
    }

    [Fact]
    public void ElementwiseOpWhoseInputLivesOnIsNotInPlace()
    {
        var g = new StepGraph();
        int input = g.Input(64);
        int a = g.Op("conv", 64, false, input);
        int r = g.Op("relu", 64, true, a);          // a is read again by the add
        int s = g.Op("add", 64, true, a, r);
        var graph = g.Build(s);
        var plan = BufferPlanner.Plan(graph);

        plan.Validate();
        Assert.Null(graph.Tensor(r).InPlaceOf);
        Assert.Equal(a, graph.Tensor(s).InPlaceOf);   // both die at the add: the first operand is taken
        Assert.NotEqual(plan.OffsetOf(a), plan.OffsetOf(r));
    }

    [Fact]
    public void AddRunsInPlaceIntoWhicheverInputDies()
    {
        var g = new StepGraph();
        int input = g.Input(32);
        int x = g.Op("conv", 32, false, input);
        int a = g.Op("conv", 32, false, x);
        int s = g.Op("add", 32, true, x, a);        // x is still read at the next step: s takes a's buffer
        int output = g.Op("add", 32, true, s, x);   // both die here: s's buffer
        var graph = g.Build(output);
        var plan = BufferPlanner.Plan(graph);

        plan.Validate();
        Assert.Equal(a, graph.Tensor(s).InPlaceOf);
        Assert.Equal(s, graph.Tensor(output).InPlaceOf);
        Assert.Equal(plan.OffsetOf(a), plan.OffsetOf(output));
    }

    [Fact]
    public void ConvolutionNeverAliasesItsInput()
    {
        var g = new StepGraph();
        int input = g.Input(48);
        int a = g.Op("conv", 48, false, input);
        var graph = g.Build(a);
        var plan = BufferPlanner.Plan(graph);

        plan.Validate();
        Assert.Null(graph.Tensor(a).InPlaceOf);
        Assert.NotEqual(plan.OffsetOf(input), plan.OffsetOf(a));
        Assert.Equal(96, plan.ArenaBytes);
    }

    [Fact]
    public void GraphOutputIsNeverOverwrittenInPlace()
    {
        var g = new StepGraph();
        int input = g.Input(64);
        int a = g.Op("conv", 64, false, input);
        int r = g.Op("relu", 64, true, a);
        var graph = g.Build(r, a);                  // a is an output too: it must survive the relu
        var plan = BufferPlanner.Plan(graph);

        plan.Validate();
        Assert.Null(graph.Tensor(r).InPlaceOf);
        Assert.Equal(1, graph.Tensor(a).LastStep);
        Assert.NotEqual(plan.OffsetOf(a), plan.OffsetOf(r));
    }

    [Fact]
    public void ResidualBranchKeepsTheSkipTensorAliveAcrossTheBranch()
    {
        var g = new StepGraph();
        int input = g.Input(64);
        int x = g.Op("conv", 256, false, input);     // step 0: the skip
        int a = g.Op("conv", 256, false, x);         // step 1
        int r = g.Op("relu", 256, true, a);          // step 2, in place of a
        int b = g.Op("conv", 256, false, r);         // step 3
        int s = g.Op("add", 256, true, x, b);        // step 4, in place of x
        var graph = g.Build(s);
        var plan = BufferPlanner.Plan(graph);

        plan.Validate();
        var skip = graph.Tensor(x);
        Assert.Equal(0, skip.FirstStep);
        Assert.Equal(4, skip.LastStep);
        long so = plan.OffsetOf(x);
        foreach (var t in new[] { a, r, b })
        {
            long o = plan.OffsetOf(t);
            Assert.True(o >= so + 256 || so >= o + 256, $"branch tensor #{t} overlaps the skip");
        }
        Assert.Equal(plan.OffsetOf(x), plan.OffsetOf(s));
        Assert.Equal(3 * 256, plan.LowerBoundBytes);  // step 3: skip, relu output, second conv output
        Assert.Equal(3 * 256, plan.ArenaBytes);
    }

    [Fact]
    public void LowerBoundCountsInPlaceTensorsOnceWithTheirSource()
    {
        // step 0: A = conv(in)       live {in 10, A 40}            = 50
        // step 1: B = relu(A)        live {A/B 40}                 = 40
        // step 2: C = conv(B)        live {B 40, C 24}             = 64
        // step 3: D = concat(B, C)   live {B 40, C 24, D 70}       = 134  <- peak
        // step 4: E = relu(D)        live {D/E 70}                 = 70
        var g = new StepGraph();
        int input = g.Input(10);
        int a = g.Op("conv", 40, false, input);
        int b = g.Op("relu", 40, true, a);
        int c = g.Op("conv", 24, false, b);
        int d = g.Op("concat", 70, false, b, c);
        int e = g.Op("relu", 70, true, d);
        var graph = g.Build(e);
        var plan = BufferPlanner.Plan(graph, alignment: 1);

        plan.Validate();
        Assert.Equal(134, plan.LowerBoundBytes);
        Assert.Equal(3, plan.PeakStep);
        Assert.Equal(134, plan.ArenaBytes);
        Assert.Equal(4, plan.BufferCount);

        // Aligned to 16: 16 + 48, 48, 48 + 32, 48 + 32 + 80 = 160, 80.
        var aligned = BufferPlanner.Plan(graph);
        Assert.Equal(134, aligned.LowerBoundBytes);
        Assert.Equal(160, aligned.AlignedLowerBoundBytes);
        Assert.Equal(160, aligned.ArenaBytes);
    }

    [Fact]
    public void LowerBoundFromHandWrittenTensors()
    {
        var tensors = new[]
        {
            new PlanTensor(0, "in", 100, 0, 0, isGraphInput: true),
            new PlanTensor(1, "a", 60, 0, 2),
            new PlanTensor(2, "b", 30, 1, 1),
            new PlanTensor(3, "c", 60, 2, 3, inPlaceOf: 1),
            new PlanTensor(4, "d", 25, 3, 3, isGraphOutput: true),
        };
        // step 0: 100 + 60; step 1: 60 + 30; step 2: a/c 60; step 3: c 60 + d 25.
        var plan = BufferPlanner.Plan(tensors, alignment: 1);
        plan.Validate();
        Assert.Equal(160, plan.LowerBoundBytes);
        Assert.Equal(0, plan.PeakStep);
        Assert.Equal(160, plan.ArenaBytes);
    }

    [Fact]
    public void ValidateRejectsOverlappingLiveTensors()
    {
        var tensors = new[]
        {
            new PlanTensor(0, "x", 64, 0, 2),
            new PlanTensor(1, "y", 64, 1, 3),
            new PlanTensor(2, "z", 64, 3, 4),
        };
        var bad = new BufferPlan(tensors, new Dictionary<int, long> { [0] = 0, [1] = 32, [2] = 128 });
        var problems = bad.FindConflicts();
        Assert.Single(problems);                 // x and y collide
        Assert.StartsWith("x [0, 64) steps 0..2 overlaps y [32, 96)", problems[0]);
        Assert.Throws<InvalidOperationException>(() => bad.Validate());

        var good = new BufferPlan(tensors, new Dictionary<int, long> { [0] = 0, [1] = 64, [2] = 0 });   // z reuses dead x
        good.Validate();
        Assert.Equal(128, good.ArenaBytes);
    }

    [Fact]
    public void ValidateRejectsIllegalInPlaceLinksAndMisalignment()
    {
        var tensors = new[]
        {
            new PlanTensor(0, "x", 64, 0, 2),
            new PlanTensor(1, "y", 64, 1, 3, inPlaceOf: 0),   // x does not die at step 1
        };
        var plan = new BufferPlan(tensors, new Dictionary<int, long> { [0] = 0, [1] = 0 });
        Assert.Equal(2, plan.FindConflicts().Count);       // the link, and the overlap it no longer excuses
        Assert.Throws<ArgumentException>(() => BufferPlanner.Plan(tensors));

        var shifted = new BufferPlan(new[]
        {
            new PlanTensor(0, "x", 64, 0, 1),
            new PlanTensor(1, "y", 64, 1, 3, inPlaceOf: 0),
        }, new Dictionary<int, long> { [0] = 0, [1] = 8 }, alignment: 8);
        var problems = shifted.FindConflicts();
        Assert.Single(problems);                          // in place, but shifted by 8 bytes: unsafe
        Assert.Contains("different offset", problems[0]);

        var misaligned = new BufferPlan(new[] { new PlanTensor(0, "x", 64, 0, 1) }, new Dictionary<int, long> { [0] = 4 });
        Assert.Contains("not aligned", Assert.Single(misaligned.FindConflicts()));
    }

    [Fact]
    public void PlanGraphRejectsMalformedSteps()
    {
        var specs = new[] { new PlanTensorSpec(0, "in", 4), new PlanTensorSpec(1, "a", 4), new PlanTensorSpec(2, "b", 4) };
        Assert.Throws<ArgumentException>(() => PlanGraph.Build(   // reads b before it is written
            new[] { new PlanStep(0, "s0", new[] { 2 }, new[] { 1 }), new PlanStep(1, "s1", new[] { 1 }, new[] { 2 }) },
            specs, new[] { 0 }, new[] { 2 }));
        Assert.Throws<ArgumentException>(() => PlanGraph.Build(   // b written twice
            new[] { new PlanStep(0, "s0", new[] { 0 }, new[] { 1, 2 }), new PlanStep(1, "s1", new[] { 1 }, new[] { 2 }) },
            specs, new[] { 0 }, new[] { 2 }));
        Assert.Throws<ArgumentException>(() => PlanGraph.Build(   // undeclared tensor 7
            new[] { new PlanStep(0, "s0", new[] { 0 }, new[] { 7 }) }, specs, new[] { 0 }, new[] { 7 }));
    }

    [Fact]
    public void BuildsStepsAndTensorsFromTheIr()
    {
        var graph = GraphBuilder.Build("t", "v", ModelFamily.Codec, b =>
        {
            var x = b.Input(1, 100, 16000);
            var h = x.Conv1d(4, 3).Elu();
            b.Output(h.Add(h.Conv1d(4, 1)));
        });
        var pg = PlanGraph.Build(graph, _ => 1);

        Assert.Equal(graph.Nodes.Count - 1, pg.Steps.Count);
        Assert.Equal(graph.Nodes.Count, pg.Tensors.Count);
        var input = pg.Tensor(graph.Input.Id);
        Assert.True(input.IsGraphInput);
        Assert.Equal(100, input.SizeBytes);
        Assert.Equal((0, 0), (input.FirstStep, input.LastStep));
        var conv = pg.Tensor(1);
        var elu = pg.Tensor(2);
        Assert.Equal(400, conv.SizeBytes);
        Assert.Equal(conv.Id, elu.InPlaceOf);              // ELU is elementwise and conv0 dies there
        Assert.Equal((1, 3), (elu.FirstStep, elu.LastStep));  // read by conv1 (step 2) and the add (step 3)
        var add = pg.Tensor(graph.OutputId);
        Assert.True(add.IsGraphOutput);
        Assert.Equal(elu.Id, add.InPlaceOf);

        var plan = BufferPlanner.Plan(pg);
        plan.Validate();
        Assert.Equal(800, plan.LowerBoundBytes);
        Assert.Equal(800, plan.ArenaBytes);

        // int16 activations double every size; a predicate that allows nothing in place gives every tensor its own buffer.
        var wide = PlanGraph.Build(graph, _ => 2, _ => false);
        Assert.All(wide.Tensors, t => Assert.Null(t.InPlaceOf));
        Assert.Equal(800, wide.Tensor(1).SizeBytes);
        Assert.Equal(wide.Tensors.Count, BufferPlanner.Plan(wide).BufferCount);
    }

    [Fact]
    public void ReportListsTheFiguresAndEveryTensor()
    {
        var g = new StepGraph();
        int input = g.Input(100, "audio");
        int a = g.Op("stem_conv", 200, false, input);
        int r = g.Op("stem_elu", 200, true, a);
        var plan = BufferPlanner.Plan(g.Build(r));
        var report = plan.Report();

        Assert.Contains("arena 320 B", report);
        Assert.Contains("lower bound 300 B", report);
        Assert.Contains("ratio 1.0667", report);
        Assert.Contains("audio#0", report);
        Assert.Contains("in place of stem_conv#1", report);
        Assert.Contains("[0..1]", report);
    }

    [Fact]
    public void PlanningIsDeterministic()
    {
        var rng = new Random(7);
        var graph = RandomPlanGraphs.Next(rng);
        var first = BufferPlanner.Plan(graph);
        var second = BufferPlanner.Plan(graph);
        Assert.Equal(first.Strategy, second.Strategy);
        Assert.Equal(first.Offsets.OrderBy(kv => kv.Key), second.Offsets.OrderBy(kv => kv.Key));
    }
}
