using Microsoft.CodeAnalysis;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>A single-dimensional array in the interpreter: element type and boxed items. Reference semantics.</summary>
    public sealed class ArrayValue
    {
        public ArrayValue(ITypeSymbol elementType, object?[] items) { ElementType = elementType; Items = items; }

        public ITypeSymbol ElementType { get; }
        public object?[] Items { get; }
        public int Length => Items.Length;

        public override string ToString() => ElementType.ToDisplayString() + "[" + Items.Length + "]";
    }
}
