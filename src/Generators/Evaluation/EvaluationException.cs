using System;
using Microsoft.CodeAnalysis;
using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>
    /// Stops the evaluation of one variant: <see cref="Code"/> and <see cref="Exception.Message"/> become a diagnostic
    /// at <see cref="Location"/>. A <see cref="Silent"/> one is raised for code the compiler already rejects, so the
    /// generator adds nothing on top of the compiler's own errors.
    /// </summary>
    public sealed class EvaluationException : Exception
    {
        public EvaluationException(string code, string message, Location? location) : base(message)
        {
            Code = code; Location = location;
        }

        private EvaluationException() : base("the definition does not compile") { Code = ""; Silent = true; }

        public string Code { get; }
        public Location? Location { get; }
        public bool Silent { get; }

        public static EvaluationException CompileError() => new EvaluationException();

        /// <summary>NA0004: "unsupported C# construct '<paramref name="construct"/>' in model definition", plus an optional detail.</summary>
        public static EvaluationException Unsupported(string construct, SyntaxNode? at, string? detail = null) =>
            new EvaluationException(DiagnosticCodes.UnsupportedConstruct,
                $"unsupported C# construct '{construct}' in model definition" + (detail is null ? "" : ": " + detail), at?.GetLocation());

        public static EvaluationException NonConstant(SyntaxNode at, string? reason = null) =>
            new EvaluationException(DiagnosticCodes.NonConstantArgument,
                $"argument '{Describe(at)}' is not a compile-time constant" + (reason is null ? "" : $" ({reason})"), at.GetLocation());

        public static EvaluationException InvalidArgument(string message, SyntaxNode? at) =>
            new EvaluationException(DiagnosticCodes.InvalidArgument, message, at?.GetLocation());

        /// <summary>The syntax as one short line, for messages.</summary>
        public static string Describe(SyntaxNode node)
        {
            var text = string.Join(" ", node.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
            return text.Length > 80 ? text.Substring(0, 77) + "..." : text;
        }
    }
}
