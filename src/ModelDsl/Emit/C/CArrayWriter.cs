using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>Writes numeric C array initialisers compactly and deterministically: a fixed count per line, invariant culture.</summary>
    public static class CArrayWriter
    {
        public const int ValuesPerLine = 20;

        /// <summary><c>{\n    v, v, ...,\n    ...\n}</c> with <see cref="ValuesPerLine"/> values per line.</summary>
        public static string Initializer(IReadOnlyList<long> values)
        {
            var sb = new StringBuilder();
            sb.Append("{\n");
            for (int i = 0; i < values.Count; i++)
            {
                if (i % ValuesPerLine == 0) sb.Append("    ");
                sb.Append(Literal(values[i]));
                if (i + 1 < values.Count) sb.Append(i % ValuesPerLine == ValuesPerLine - 1 ? ",\n" : ", ");
            }
            if (values.Count > 0) sb.Append('\n');
            sb.Append('}');
            return sb.ToString();
        }

        /// <summary>Comma-separated invariant integers, e.g. <c>1, 20, 151, 1</c>.</summary>
        public static string List(IEnumerable<int> values)
        {
            var parts = new List<string>();
            foreach (var v in values) parts.Add(Literal(v));
            return string.Join(", ", parts);
        }

        /// <summary>
        /// A C integer literal: INT32_MIN is written as <c>(-2147483647 - 1)</c> because <c>-2147483648</c> is the
        /// negation of a constant too large for int.
        /// </summary>
        public static string Literal(long value) =>
            value == int.MinValue ? "(-2147483647 - 1)" : value.ToString(CultureInfo.InvariantCulture);
    }
}
