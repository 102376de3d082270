using System.Collections.Generic;
using System.Text;

namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>
    /// Writes a call (C or C#) on one line when it fits, else wraps its arguments onto indented continuation lines
    /// at argument boundaries, so generated kernel calls stay readable without a formatter.
    /// </summary>
    public static class CallWriter
    {
        public const int Width = 116;

        /// <param name="w">The writer, at the statement's indentation.</param>
        /// <param name="head">Everything before the opening parenthesis, e.g. <c>na_conv1d_s8</c> or <c>_x = new Conv1dParams</c>.</param>
        /// <param name="arguments">The arguments, already formatted.</param>
        /// <param name="end">What follows the closing parenthesis (<c>;</c>).</param>
        public static void Write(CodeWriter w, string head, IReadOnlyList<string> arguments, string end = ";")
        {
            string single = head + "(" + string.Join(", ", arguments) + ")" + end;
            if (single.Length <= Width || arguments.Count < 2)
            {
                w.Line(single);
                return;
            }
            var lines = new List<string>();
            var current = new StringBuilder(head + "(");
            bool first = true;
            for (int i = 0; i < arguments.Count; i++)
            {
                string piece = arguments[i] + (i + 1 < arguments.Count ? "," : ")" + end);
                if (!first && current.Length + 1 + piece.Length > Width)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                    first = true;
                }
                if (!first) current.Append(' ');
                current.Append(piece);
                first = false;
            }
            lines.Add(current.ToString());
            w.Line(lines[0]);
            using (w.Indent())
                for (int i = 1; i < lines.Count; i++) w.Line(lines[i]);
        }
    }
}
