using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NeuralAudio.ModelDsl.Emit
{
    /// <summary>Turns model names into C# identifiers, rejecting names no identifier can carry.</summary>
    public static class CSharpNames
    {
        private static readonly HashSet<string> Keywords = new HashSet<string>((
            "abstract as base bool break byte case catch char checked class const continue decimal default delegate do " +
            "double else enum event explicit extern false finally fixed float for foreach goto if implicit in int " +
            "interface internal is lock long namespace new null object operator out override params private protected " +
            "public readonly ref return sbyte sealed short sizeof stackalloc static string struct switch this throw " +
            "true try typeof uint ulong unchecked unsafe ushort using virtual void volatile while").Split(' '));

        /// <summary>A node identifier as a field name: must be letters, digits and '_'; keywords get an '@'.</summary>
        public static string Field(string identifier)
        {
            if (!IsIdentifier(identifier))
                throw new DslException(DiagnosticCodes.InvalidArgument,
                    $"'{identifier}' is not a valid C# identifier; use letters, digits and '_' in node and scope names");
            return Keywords.Contains(identifier) ? "@" + identifier : identifier;
        }

        /// <summary>PascalCase of a part name: <c>encoder</c> becomes <c>Encoder</c>, <c>post_net</c> becomes <c>PostNet</c>.</summary>
        public static string Pascal(string name)
        {
            var sb = new StringBuilder();
            foreach (var piece in name.Split(new[] { '_', '-', ' ', '.' }, System.StringSplitOptions.RemoveEmptyEntries))
                sb.Append(char.ToUpperInvariant(piece[0])).Append(piece.Substring(1));
            var result = sb.ToString();
            if (!IsIdentifier(result))
                throw new DslException(DiagnosticCodes.InvalidArgument, $"part name '{name}' cannot be turned into a C# method name");
            return result;
        }

        private static bool IsIdentifier(string s) =>
            s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');
    }
}
