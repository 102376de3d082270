using System.Collections.Generic;
using System.Linq;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>
    /// A model variant as a typed dataflow graph: nodes in execution order with inferred shapes. This is the one
    /// place a model's meaning lives; every emitter and the cost model read it.
    /// </summary>
    public sealed class Graph
    {
        public Graph(string modelId, string variant, ModelFamily family, IReadOnlyList<Node> nodes, int outputId)
        {
            ModelId = modelId; Variant = variant; Family = family; Nodes = nodes; OutputId = outputId;
        }

        public string ModelId { get; }
        public string Variant { get; }
        public ModelFamily Family { get; }
        public IReadOnlyList<Node> Nodes { get; }
        public int OutputId { get; }

        public Node Input => Nodes.First(n => n.Op is InputOp);
        public Node Output => Nodes[OutputId];
        public int SampleRate => ((InputOp)Input.Op).SampleRate;

        /// <summary>Parts in order of first appearance (encoder, quantizer, decoder or classifier).</summary>
        public IReadOnlyList<string> Parts => Nodes.Where(n => !(n.Op is InputOp)).Select(n => n.Part).Distinct().ToList();

        public IEnumerable<Node> NodesOf(string part) => Nodes.Where(n => n.Part == part && !(n.Op is InputOp));

        public IReadOnlyList<int[]> InputShapes(Node node) => node.Inputs.Select(i => Nodes[i].Shape).ToList();

        /// <summary>The single node outside <paramref name="part"/> that feeds it (the part's input).</summary>
        public Node PartInput(string part)
        {
            var inside = new HashSet<int>(NodesOf(part).Select(n => n.Id));
            var feeds = NodesOf(part).SelectMany(n => n.Inputs).Where(i => !inside.Contains(i)).Distinct().ToList();
            if (feeds.Count != 1)
                throw new DslException(DiagnosticCodes.InvalidDeclaration,
                    $"part '{part}' must have exactly one input tensor, it has {feeds.Count}");
            return Nodes[feeds[0]];
        }

        /// <summary>The last node of a part: its output.</summary>
        public Node PartOutput(string part) => NodesOf(part).Last();

        /// <summary>The residual VQ node, if the model is a codec.</summary>
        public Node? Quantizer => Nodes.FirstOrDefault(n => n.Op is ResidualVqOp);
    }
}
