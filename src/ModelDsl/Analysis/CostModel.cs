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
            long flops = 0;
            foreach (var node in graph.Nodes)
            {
                if (node.Op is InputOp) continue;
                var inputs = graph.InputShapes(node);
                Accumulate(paramsByPart, node.Part, node.Op.ParameterCount);
                Accumulate(macsByPart, node.Part, node.Op.Macs(inputs, node.Shape));
                flops += node.Op.ReferenceFlops(inputs, node.Shape);
            }

            double seconds = (double)graph.Input.Shape[graph.Input.Shape.Length - 1] / graph.SampleRate;
            long deployedMacs = macsByPart.Where(kv => deployed.Contains(kv.Key)).Sum(kv => kv.Value);
            var time = TimeAxisAnalysis.Run(graph, deployed);
            var cost = new ModelCost
            {
                Parameters = paramsByPart.Values.Sum(),
                ParametersByPart = paramsByPart,
                DeployedParameters = paramsByPart.Where(kv => deployed.Contains(kv.Key)).Sum(kv => kv.Value),
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

        private static void Accumulate(Dictionary<string, long> totals, string key, long value)
        {
            totals.TryGetValue(key, out var current);
            totals[key] = current + value;
        }
    }
}
