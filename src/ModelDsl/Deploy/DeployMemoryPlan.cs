using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Planning;

namespace NeuralAudio.ModelDsl.Deploy
{
    /// <summary>
    /// Plans the static arena of a deployed graph: every int8/uint16 activation and kernel scratch gets an offset.
    /// The caller's int16 PCM is read in place and never copied into the arena.
    /// </summary>
    public static class DeployMemoryPlan
    {
        /// <summary>Kernels that may write their output over an input that dies at that step.</summary>
        public static bool RunsInPlace(DeployOpKind kind) =>
            kind == DeployOpKind.Lookup || kind == DeployOpKind.Relu || kind == DeployOpKind.Add;

        public static BufferPlan Plan(DeployGraph graph, int alignment = BufferPlanner.DefaultAlignment)
        {
            var used = new HashSet<int>(graph.Ops.SelectMany(o => o.Inputs.Concat(new[] { o.Output })));
            foreach (var o in graph.Ops) if (o.Scratch.HasValue) used.Add(o.Scratch.Value);
            used.Remove(graph.PcmInput);

            var specs = graph.Tensors.Where(t => used.Contains(t.Id))
                .Select(t => new PlanTensorSpec(t.Id, t.Name, t.SizeBytes)).ToList();
            var steps = graph.Ops.Select(o => new PlanStep(o.Index, o.Name,
                o.Inputs.Where(i => i != graph.PcmInput).ToArray(),
                o.Scratch.HasValue ? new[] { o.Output, o.Scratch.Value } : new[] { o.Output },
                RunsInPlace(o.Kind))).ToList();
            var plan = BufferPlanner.Plan(PlanGraph.Build(steps, specs, new int[0], new[] { graph.Output }), alignment);
            plan.Validate();
            return plan;
        }
    }
}
