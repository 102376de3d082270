using System.Collections.Generic;
using System.Linq;

namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>C99 designated initialisers, so every params struct in generated code names its fields.</summary>
    public static class CStruct
    {
        /// <summary><c>{ .a = 1, .b = 2 }</c>.</summary>
        public static string Initializer(IEnumerable<KeyValuePair<string, long>> fields) =>
            "{ " + string.Join(", ", fields.Select(f => "." + f.Key + " = " + CArrayWriter.Literal(f.Value))) + " }";

        /// <summary>The same initialiser over several lines, <paramref name="perLine"/> fields each, for long structs.</summary>
        public static string Block(IEnumerable<KeyValuePair<string, long>> fields, int perLine = 6)
        {
            var items = fields.Select(f => "." + f.Key + " = " + CArrayWriter.Literal(f.Value)).ToList();
            var lines = new List<string>();
            for (int i = 0; i < items.Count; i += perLine)
                lines.Add("    " + string.Join(", ", items.Skip(i).Take(perLine)) + (i + perLine < items.Count ? "," : ""));
            return "{\n" + string.Join("\n", lines) + "\n}";
        }

        /// <summary>A field list from alternating names and values, for brevity at call sites.</summary>
        public static IEnumerable<KeyValuePair<string, long>> Fields(params object[] nameValuePairs)
        {
            for (int i = 0; i + 1 < nameValuePairs.Length; i += 2)
                yield return new KeyValuePair<string, long>((string)nameValuePairs[i], System.Convert.ToInt64(nameValuePairs[i + 1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
