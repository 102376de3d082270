using System;
using System.Linq;
using System.Text;
using NeuralAudio.ModelDsl.Deploy;

namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>
    /// Names of everything the int8 emitters write, in one place so the header, the source, the weights file and
    /// the C# class agree: <c>&lt;symbol&gt;_&lt;op&gt;_&lt;suffix&gt;</c> for weight data, upper-case symbol for macros.
    /// </summary>
    public static class CNames
    {
        /// <summary>A C identifier from any dotted or dashed name: every other character becomes '_'.</summary>
        public static string Identifier(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name)
                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
            if (sb.Length == 0 || (sb[0] >= '0' && sb[0] <= '9')) sb.Insert(0, '_');
            return sb.ToString();
        }

        public static string Symbol(DeployGraph graph) => Identifier(graph.Symbol);

        /// <summary>Macro prefix, e.g. <c>TINYSTREAM_TINY</c>.</summary>
        public static string Macro(DeployGraph graph) => Symbol(graph).ToUpperInvariant();

        public static string Op(DeployOp op) => Identifier(op.Name);

        /// <summary>A weight array or params struct of an op, e.g. <c>tinystream_tiny_encoder_stem_conv0_weights</c>.</summary>
        public static string OpData(DeployGraph graph, DeployOp op, string suffix) => Symbol(graph) + "_" + Op(op) + "_" + suffix;

        /// <summary>Throws when two ops of the graph map to one identifier (their generated symbols would clash).</summary>
        public static void RequireUniqueOps(DeployGraph graph)
        {
            var clash = graph.Ops.GroupBy(Op).FirstOrDefault(g => g.Count() > 1);
            if (clash != null)
                throw new InvalidOperationException(
                    $"{graph.ModelId}/{graph.Variant}: ops {string.Join(", ", clash.Select(o => "'" + o.Name + "'"))} all become the identifier '{clash.Key}'");
        }

        public static string StateType(DeployGraph graph) => Symbol(graph) + "_state";

        public static string HeaderFile(DeployGraph graph) => Symbol(graph) + ".h";
        public static string SourceFile(DeployGraph graph) => Symbol(graph) + ".c";
        public static string WeightsFile(DeployGraph graph) => Symbol(graph) + "_weights.c";
    }
}
