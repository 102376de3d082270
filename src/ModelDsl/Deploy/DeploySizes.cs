using System.Linq;
using NeuralAudio.ModelDsl.Ir;
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

        /// <summary>Const data: int8 weights, int32 bias/multiplier/shift per channel, lookup tables, RVQ tables.</summary>
        public long WeightBytes { get; }

        /// <summary>The static activation arena.</summary>
        public long ArenaBytes { get; }

        /// <summary>The largest sum of live tensor bytes at any step: no plan of this op order can be smaller.</summary>
        public long LowerBoundBytes { get; }

        /// <summary>Streaming state of the causal convs (0 for a classifier).</summary>
        public long StateBytes { get; }

        public static DeploySizes Of(DeployGraph graph, BufferPlan plan) =>
            new DeploySizes(graph.Ops.Sum(WeightBytesOf), plan.ArenaBytes, plan.LowerBoundBytes, graph.StateBytes);

        public static DeploySizes Of(DeployGraph graph) => Of(graph, DeployMemoryPlan.Plan(graph));

        /// <summary>Flash bytes of one op's constant tables.</summary>
        public static long WeightBytesOf(DeployOp op)
        {
            const int perChannel = 4 + 4 + 4; // int32 bias, multiplier, shift
            switch (op.Op)
            {
                case Conv1dOp c: return (long)c.OutChannels * (c.InChannels / c.Groups) * c.Kernel + (long)c.OutChannels * perChannel;
                case Conv2dOp c: return (long)c.OutChannels * (c.InChannels / c.Groups) * c.KernelH * c.KernelW + (long)c.OutChannels * perChannel;
                case ConvTranspose1dOp c: return (long)c.InChannels * c.OutChannels * c.Kernel + (long)c.OutChannels * perChannel;
                case LinearOp l: return (long)l.InFeatures * l.OutFeatures + (long)l.OutFeatures * perChannel;
                case ResidualVqOp q:
                    // int8 codebooks, an int32 squared norm per codeword, per stage offset, multiplier and shift.
                    return (long)q.NumQuantizers * q.CodebookSize * (q.Dimension + 4) + q.NumQuantizers * 12L;
                case ActivationOp a when a.Activation != ActivationKind.Relu: return 256;  // int8 lookup table
                case SoftmaxOp _: return 256 * 4;                                         // int32 exp table
                case InputOp _: return 8;                                                 // PCM multiplier and shift
                default: return 0;
            }
        }
    }
}
