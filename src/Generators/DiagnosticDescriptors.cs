using Microsoft.CodeAnalysis;
using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators
{
    /// <summary>The generator's diagnostics, one per <see cref="DiagnosticCodes"/> id. Every message is built by the caller.</summary>
    public static class DiagnosticDescriptors
    {
        private const string Category = "NeuralAudio";

        public static readonly DiagnosticDescriptor ShapeMismatch = new DiagnosticDescriptor(
            DiagnosticCodes.ShapeMismatch, "Tensor shape mismatch", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor StrideDoesNotDivide = new DiagnosticDescriptor(
            DiagnosticCodes.StrideDoesNotDivide, "Stride does not divide the input length", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NonConstantArgument = new DiagnosticDescriptor(
            DiagnosticCodes.NonConstantArgument, "Argument is not a compile-time constant", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnsupportedConstruct = new DiagnosticDescriptor(
            DiagnosticCodes.UnsupportedConstruct, "Unsupported C# construct in a model definition", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidDeclaration = new DiagnosticDescriptor(
            DiagnosticCodes.InvalidDeclaration, "Invalid model declaration", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidArgument = new DiagnosticDescriptor(
            DiagnosticCodes.InvalidArgument, "Op argument out of range", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        /// <summary>The descriptor for an id; an id the DSL may add later falls back to <see cref="InvalidArgument"/>'s shape.</summary>
        public static DiagnosticDescriptor ForId(string id)
        {
            switch (id)
            {
                case DiagnosticCodes.ShapeMismatch: return ShapeMismatch;
                case DiagnosticCodes.StrideDoesNotDivide: return StrideDoesNotDivide;
                case DiagnosticCodes.NonConstantArgument: return NonConstantArgument;
                case DiagnosticCodes.UnsupportedConstruct: return UnsupportedConstruct;
                case DiagnosticCodes.InvalidDeclaration: return InvalidDeclaration;
                default: return InvalidArgument;
            }
        }
    }
}
