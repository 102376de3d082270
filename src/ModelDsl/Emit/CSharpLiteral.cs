using System;
using System.Globalization;
using System.Text;

namespace NeuralAudio.ModelDsl.Emit
{
    /// <summary>Culture-invariant C# literals, so emitted code never depends on the build machine's locale.</summary>
    public static class CSharpLiteral
    {
        /// <summary>Round-trippable double with a decimal point (<c>1.0</c>, <c>0.2</c>, <c>1E-05</c>).</summary>
        public static string Double(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "only finite doubles can be emitted");
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
        }

        public static string Bool(bool value) => value ? "true" : "false";

        public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A regular string literal with quotes, backslashes and control characters escaped.</summary>
        public static string String(string value)
        {
            var sb = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        // Control characters and the Unicode line separators would end or corrupt the literal.
                        if (char.IsControl(c) || c == '\u2028' || c == '\u2029') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }

        /// <summary>A boxed long, bool or double as a literal.</summary>
        public static string Of(object value) => value switch
        {
            long l => Long(l),
            int i => Long(i),
            bool b => Bool(b),
            double d => Double(d),
            string s => String(s),
            _ => throw new ArgumentException($"no literal form for {value.GetType().Name}", nameof(value)),
        };

        /// <summary>Text safe inside an XML doc comment.</summary>
        public static string XmlText(string value) =>
            value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
