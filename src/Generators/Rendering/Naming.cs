using System.Globalization;
using System.Text;

namespace NeuralAudio.Generators.Rendering
{
    /// <summary>How variant names and declarations turn into C# identifiers and hint names.</summary>
    public static class Naming
    {
        /// <summary><c>ultra_tiny</c> → <c>UltraTiny</c>, <c>esc50</c> → <c>Esc50</c>: split on anything not a letter or digit, capitalise each piece.</summary>
        public static string Pascal(string name)
        {
            var sb = new StringBuilder();
            bool upper = true;
            foreach (var ch in name)
            {
                if (!char.IsLetterOrDigit(ch)) { upper = true; continue; }
                sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
                upper = false;
            }
            return sb.ToString();
        }

        /// <summary>A member name for a variant: its Pascal form, prefixed with <c>V</c> when that starts with a digit or is empty.</summary>
        public static string VariantMember(string variant)
        {
            var p = Pascal(variant);
            return p.Length == 0 || char.IsDigit(p[0]) ? "V" + p : p;
        }

        /// <summary>A C# regular string literal for <paramref name="value"/> (quotes, backslashes and control characters escaped).</summary>
        public static string Literal(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (var ch in value)
            {
                switch (ch)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\0': sb.Append("\\0"); break;
                    default:
                        if (ch < ' ' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029')
                            sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                        else
                            sb.Append(ch);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
