using System.Security.Cryptography;
using System.Text;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>
    /// Canonical text of a graph: one line per node. Compile-time and run-time builds are compared through it, and
    /// the structure hash that guards checkpoints and int8 weights is its SHA-256.
    /// </summary>
    public static class GraphPrinter
    {
        public static string Print(Graph graph)
        {
            var sb = new StringBuilder();
            sb.Append("model ").Append(graph.ModelId).Append(' ').Append(graph.Variant)
              .Append(" family=").Append(graph.Family.ToString().ToLowerInvariant()).Append('\n');
            foreach (var node in graph.Nodes)
            {
                sb.Append('%').Append(node.Id).Append(' ').Append(node.Name)
                  .Append(" [").Append(node.Part).Append("] = ").Append(node.Op.Kind);
                var attrs = node.Op.Describe();
                if (attrs.Length > 0) sb.Append(' ').Append(attrs);
                sb.Append(" (");
                for (int i = 0; i < node.Inputs.Count; i++) sb.Append(i == 0 ? "%" : ", %").Append(node.Inputs[i]);
                sb.Append(") -> ").Append(string.Join("x", node.Shape)).Append('\n');
            }
            sb.Append("output %").Append(graph.OutputId).Append('\n');
            return sb.ToString();
        }

        /// <summary>
        /// First 16 hex digits of SHA-256 over the printed graph without its variant name, so two variants with the
        /// same structure share weights and any structural change invalidates them.
        /// </summary>
        public static string StructureHash(Graph graph)
        {
            var text = Print(graph);
            text = text.Substring(text.IndexOf('\n') + 1);
            using (var sha = SHA256.Create())
            {
                var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(graph.ModelId + "\n" + text));
                var sb = new StringBuilder();
                for (int i = 0; i < 8; i++) sb.Append(digest[i].ToString("x2"));
                return sb.ToString();
            }
        }
    }
}
