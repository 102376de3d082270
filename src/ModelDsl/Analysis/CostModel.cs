using System;
using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Analysis
{
    /// <summary>Computes a <see cref="ModelCost"/> from a graph; all figures derive from the ops' own counts.</summary>
    public static class CostModel
    {
        /// <summary>The parts that run on the device for a model family.</summary>
        public static IReadOnlyList<string> DeployedParts(Graph graph) =>
            graph.Family == ModelFamily.Codec
                ? graph.Parts.Where(p => p == "encoder" || p == "quantizer").ToList()
                : graph.Parts.ToList();

        public static ModelCost Analyze(Graph graph)
        {
            var deployed = new HashSet<string>(DeployedParts(graph));
            var paramsByPart = new Dictionary<string, long>();
            var macsByPart = new Dictionary<string, long>();
            long flops = 0, int8Bytes = 0;
            foreach (var node in graph.Nodes)
            {
                if (node.Op is InputOp) continue;
                var inputs = graph.InputShapes(node);
                Accumulate(paramsByPart, node.Part, node.Op.ParameterCount);
                Accumulate(macsByPart, node.Part, node.Op.Macs(inputs, node.Shape));
                flops += node.Op.ReferenceFlops(inputs, node.Shape);
                if (deployed.Contains(node.Part)) int8Bytes += Int8Bytes(node.Op);
            }

            double seconds = (double)graph.Input.Shape[graph.Input.Shape.Length - 1] / graph.SampleRate;
            long deployedMacs = macsByPart.Where(kv => deployed.Contains(kv.Key)).Sum(kv => kv.Value);
            var time = TimeAxisAnalysis.Run(graph, deployed);
            var cost = new ModelCost
            {
                Parameters = paramsByPart.Values.Sum(),
                ParametersByPart = paramsByPart,
                DeployedParameters = paramsByPart.Where(kv => deployed.Contains(kv.Key)).Sum(kv => kv.Value),
                Int8WeightBytes = int8Bytes,
                MacsPerInference = macsByPart.Values.Sum(),
                MacsByPart = macsByPart,
                DeployedMacsPerSecond = deployedMacs / seconds,
                ReferenceFlops = flops,
                InputSeconds = seconds,
                ReceptiveFieldSamples = time.ReceptiveField,
                Streamable = time.Streamable,
            };

            var rvq = graph.Quantizer?.Op as ResidualVqOp;
            if (rvq != null && time.Streamable)
            {
                cost.HopSamples = time.Hop;
                cost.FrameRateHz = (double)graph.SampleRate / time.Hop;
                cost.BitrateBps = rvq.NumQuantizers * rvq.BitsPerCode * cost.FrameRateHz;
                cost.AlgorithmicLatencyMs = 1000.0 * (time.Hop + time.Lookahead) / graph.SampleRate;
                cost.DeployedMacsPerFrame = cost.DeployedMacsPerSecond / cost.FrameRateHz;
            }
            else
            {
                cost.AlgorithmicLatencyMs = 1000.0 * seconds;
                cost.DeployedMacsPerFrame = deployedMacs;
            }
            return cost;
        }

        /// <summary>int8 flash bytes of one op's weights (see <see cref="ModelCost.Int8WeightBytes"/>).</summary>
        private static long Int8Bytes(Op op)
        {
            const int perChannel = 4 + 4 + 4; // int32 bias, multiplier, shift
            switch (op)
            {
                case Conv1dOp c: return (long)c.OutChannels * (c.InChannels / c.Groups) * c.Kernel + (long)c.OutChannels * perChannel;
                case Conv2dOp c: return (long)c.OutChannels * (c.InChannels / c.Groups) * c.KernelH * c.KernelW + (long)c.OutChannels * perChannel;
                case ConvTranspose1dOp c: return (long)c.InChannels * c.OutChannels * c.Kernel + (long)c.OutChannels * perChannel;
                case LinearOp l: return (long)l.InFeatures * l.OutFeatures + (long)l.OutFeatures * perChannel;
                case ResidualVqOp q: return (long)q.NumQuantizers * q.CodebookSize * (q.Dimension + 4);
                default: return 0; // BatchNorm folds into the conv before it; the rest has no weights
            }
        }

        private static void Accumulate(Dictionary<string, long> totals, string key, long value)
        {
            totals.TryGetValue(key, out var current);
            totals[key] = current + value;
        }
    }
}
