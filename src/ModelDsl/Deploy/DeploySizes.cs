using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Planning;

namespace NeuralAudio.ModelDsl.Deploy
{
    /// <summary>
    /// Memory of one deployed graph: flash for weights and tables, RAM for the arena and the streaming state.
    /// The one definition of these figures: the CLI, the C header macros and the budgets all read it.
    /// </summary>
    public sealed class DeploySizes
    {
        private DeploySizes(long weightBytes, long arenaBytes, long lowerBoundBytes, long stateBytes)
        {
            WeightBytes = weightBytes; ArenaBytes = arenaBytes; LowerBoundBytes = lowerBoundBytes; StateBytes = stateBytes;
        }

        /// <summary>
        /// Const arrays the generated C declares (int8 weights, int32 bias/multiplier/shift per channel, lookup tables,
        /// RVQ tables): the same sum as the header's <c>_WEIGHT_BYTES</c>, from <see cref="DeployOpLayout"/>.
        /// </summary>
        public long WeightBytes { get; }

        /// <summary>The static activation arena.</summary>
        public long ArenaBytes { get; }

        /// <summary>The largest sum of live tensor bytes at any step: no plan of this op order can be smaller.</summary>
        public long LowerBoundBytes { get; }

        /// <summary>Streaming state of the causal convs (0 for a classifier).</summary>
        public long StateBytes { get; }

        public static DeploySizes Of(DeployGraph graph, BufferPlan plan) =>
            new DeploySizes(DeployOpLayout.WeightBytes(graph), plan.ArenaBytes, plan.LowerBoundBytes, graph.StateBytes);

        public static DeploySizes Of(DeployGraph graph) => Of(graph, DeployMemoryPlan.Plan(graph));
    }
}
