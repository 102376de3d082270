using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Emit
{
    /// <summary>One model part (encoder, quantizer, decoder, classifier...) as a straight-line program.</summary>
    public sealed class PartStep
    {
        internal PartStep(string name, Node input, Node output, IReadOnlyList<Node> nodes)
        {
            Name = name; Input = input; Output = output; Nodes = nodes;
        }

        public string Name { get; }

        /// <summary>The node outside the part that feeds it (the graph input or the previous part's output).</summary>
        public Node Input { get; }

        public Node Output { get; }

        /// <summary>The part's nodes in execution order.</summary>
        public IReadOnlyList<Node> Nodes { get; }
    }

    /// <summary>
    /// The parts of a graph as a chain: each part consumes the previous part's output and the last produces the
    /// graph output. Both the emitted modules and GraphModule run a model part by part, so both rely on this check.
    /// </summary>
    public sealed class PartPlan
    {
        /// <summary>Parts a graph needs for <c>ICodecModule</c> (plus a residual VQ node).</summary>
        public static readonly IReadOnlyList<string> CodecParts = new[] { "encoder", "quantizer", "decoder" };

        private PartPlan(IReadOnlyList<PartStep> parts, bool isCodec) { Parts = parts; IsCodec = isCodec; }

        public IReadOnlyList<PartStep> Parts { get; }

        /// <summary>True when the graph has encoder, quantizer and decoder parts and a residual VQ node.</summary>
        public bool IsCodec { get; }

        public PartStep? Find(string name) => Parts.FirstOrDefault(p => p.Name == name);

        /// <summary>Builds the plan; throws <see cref="DslException"/> when the parts do not form a chain.</summary>
        public static PartPlan For(Graph graph)
        {
            var steps = new List<PartStep>();
            var previous = graph.Input;
            foreach (var name in graph.Parts)
            {
                var input = graph.PartInput(name);
                if (input.Id != previous.Id)
                    throw new DslException(DiagnosticCodes.InvalidDeclaration,
                        $"part '{name}' must take the output of {Describe(previous)}, but it reads '{input.Name}'");
                var step = new PartStep(name, input, graph.PartOutput(name), graph.NodesOf(name).ToList());
                steps.Add(step);
                previous = step.Output;
            }
            if (steps.Count == 0)
                throw new DslException(DiagnosticCodes.InvalidDeclaration, "the model has no operations");
            if (graph.OutputId != previous.Id)
                throw new DslException(DiagnosticCodes.InvalidDeclaration,
                    $"the model output '{graph.Output.Name}' must be the last node of the last part '{steps[steps.Count - 1].Name}'");
            // Dotted names are unique, but "a.b_c" and "a_b.c" share the identifier that names fields and state-dict keys.
            var clash = graph.Nodes.GroupBy(n => n.Identifier).FirstOrDefault(g => g.Count() > 1);
            if (clash != null)
                throw new DslException(DiagnosticCodes.InvalidArgument,
                    $"nodes {string.Join(" and ", clash.Select(n => "'" + n.Name + "'"))} share the identifier '{clash.Key}'; rename one");
            var names = steps.Select(s => s.Name).ToList();
            bool isCodec = CodecParts.All(names.Contains) && graph.Quantizer != null;
            return new PartPlan(steps, isCodec);
        }

        private static string Describe(Node previous) =>
            previous.Op is InputOp ? "the model input" : $"the previous part ('{previous.Name}')";
    }
}
