using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>An enum value in the interpreter: its enum type symbol and underlying value. Converted to the real enum at DSL calls.</summary>
    public sealed class EnumValue : IEquatable<EnumValue>
    {
        public EnumValue(ITypeSymbol type, long value) { Type = type; Value = value; }

        public ITypeSymbol Type { get; }
        public long Value { get; }

        /// <summary>The member name for the value, as <c>Enum.ToString()</c> gives it (the number when no member matches).</summary>
        public string Name
        {
            get
            {
                var member = Type.GetMembers().OfType<IFieldSymbol>()
                    .FirstOrDefault(f => f.HasConstantValue && Convert.ToInt64(f.ConstantValue, CultureInfo.InvariantCulture) == Value);
                return member?.Name ?? Value.ToString(CultureInfo.InvariantCulture);
            }
        }

        public bool Equals(EnumValue? other) =>
            other is not null && Value == other.Value && SymbolEqualityComparer.Default.Equals(Type, other.Type);

        public override bool Equals(object? obj) => Equals(obj as EnumValue);

        public override int GetHashCode() => Value.GetHashCode();

        public override string ToString() => Name;
    }
}
