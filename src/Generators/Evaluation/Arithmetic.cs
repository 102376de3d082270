using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>
    /// C# operator and conversion semantics on interpreter values, computed with the same CLR types the program would
    /// use at run time (int, long, double, bool, string, char, enums), honouring checked/unchecked context.
    /// Throws <see cref="ArithmeticException"/>s as the program would, and <see cref="NotSupportedException"/> for
    /// types the evaluator does not model.
    /// </summary>
    internal static class Arithmetic
    {
        public static object? Binary(BinaryOperatorKind kind, ITypeSymbol? operandType, object? left, object? right, bool isChecked)
        {
            if (kind == BinaryOperatorKind.Add && (left is string || right is string || operandType?.SpecialType == SpecialType.System_String))
                return Text(left) + Text(right);

            if (left is EnumValue || right is EnumValue)
                return EnumBinary(kind, left, right);

            switch (operandType?.SpecialType ?? SpecialType.None)
            {
                case SpecialType.System_Int32: return Int32(kind, ToInt32(left), right, isChecked);
                case SpecialType.System_Int64: return Int64(kind, ToInt64(left), right, isChecked);
                case SpecialType.System_Double: return Double(kind, ToDouble(left), ToDouble(right));
                case SpecialType.System_Boolean: return Boolean(kind, (bool)left!, (bool)right!);
                case SpecialType.System_Char: return Int32(kind, ToInt32(left), ToInt32(right), isChecked);
                case SpecialType.System_String: return StringCompare(kind, (string?)left, (string?)right);
            }
            if (operandType != null && operandType.IsReferenceType)
            {
                switch (kind)
                {
                    case BinaryOperatorKind.Equals: return ReferenceEquals(left, right) || (left is string a && right is string b && a == b);
                    case BinaryOperatorKind.NotEquals: return !(ReferenceEquals(left, right) || (left is string c && right is string d && c == d));
                }
            }
            throw new NotSupportedException($"operator {kind} on '{operandType?.ToDisplayString() ?? "?"}'");
        }

        private static object Int32(BinaryOperatorKind kind, int l, object? rightValue, bool isChecked)
        {
            int r = ToInt32(rightValue);
            switch (kind)
            {
                case BinaryOperatorKind.Add: return isChecked ? checked(l + r) : unchecked(l + r);
                case BinaryOperatorKind.Subtract: return isChecked ? checked(l - r) : unchecked(l - r);
                case BinaryOperatorKind.Multiply: return isChecked ? checked(l * r) : unchecked(l * r);
                case BinaryOperatorKind.Divide: return l / r;
                case BinaryOperatorKind.Remainder: return l % r;
                case BinaryOperatorKind.LeftShift: return l << r;
                case BinaryOperatorKind.RightShift: return l >> r;
                case BinaryOperatorKind.UnsignedRightShift: return (int)((uint)l >> r);
                case BinaryOperatorKind.And: return l & r;
                case BinaryOperatorKind.Or: return l | r;
                case BinaryOperatorKind.ExclusiveOr: return l ^ r;
                default: return Compare(kind, l.CompareTo(r), l == r);
            }
        }

        private static object Int64(BinaryOperatorKind kind, long l, object? rightValue, bool isChecked)
        {
            if (kind == BinaryOperatorKind.LeftShift || kind == BinaryOperatorKind.RightShift || kind == BinaryOperatorKind.UnsignedRightShift)
            {
                int shift = ToInt32(rightValue);
                return kind == BinaryOperatorKind.LeftShift ? l << shift
                    : kind == BinaryOperatorKind.RightShift ? l >> shift : (long)((ulong)l >> shift);
            }
            long r = ToInt64(rightValue);
            switch (kind)
            {
                case BinaryOperatorKind.Add: return isChecked ? checked(l + r) : unchecked(l + r);
                case BinaryOperatorKind.Subtract: return isChecked ? checked(l - r) : unchecked(l - r);
                case BinaryOperatorKind.Multiply: return isChecked ? checked(l * r) : unchecked(l * r);
                case BinaryOperatorKind.Divide: return l / r;
                case BinaryOperatorKind.Remainder: return l % r;
                case BinaryOperatorKind.And: return l & r;
                case BinaryOperatorKind.Or: return l | r;
                case BinaryOperatorKind.ExclusiveOr: return l ^ r;
                default: return Compare(kind, l.CompareTo(r), l == r);
            }
        }

        private static object Double(BinaryOperatorKind kind, double l, double r)
        {
            switch (kind)
            {
                case BinaryOperatorKind.Add: return l + r;
                case BinaryOperatorKind.Subtract: return l - r;
                case BinaryOperatorKind.Multiply: return l * r;
                case BinaryOperatorKind.Divide: return l / r;
                case BinaryOperatorKind.Remainder: return l % r;
                // IEEE comparisons: every comparison with NaN is false except !=.
                case BinaryOperatorKind.Equals: return l == r;
                case BinaryOperatorKind.NotEquals: return l != r;
                case BinaryOperatorKind.LessThan: return l < r;
                case BinaryOperatorKind.LessThanOrEqual: return l <= r;
                case BinaryOperatorKind.GreaterThan: return l > r;
                case BinaryOperatorKind.GreaterThanOrEqual: return l >= r;
                default: throw new NotSupportedException($"operator {kind} on 'double'");
            }
        }

        private static object Boolean(BinaryOperatorKind kind, bool l, bool r)
        {
            switch (kind)
            {
                case BinaryOperatorKind.And:
                case BinaryOperatorKind.ConditionalAnd: return l & r;
                case BinaryOperatorKind.Or:
                case BinaryOperatorKind.ConditionalOr: return l | r;
                case BinaryOperatorKind.ExclusiveOr: return l ^ r;
                case BinaryOperatorKind.Equals: return l == r;
                case BinaryOperatorKind.NotEquals: return l != r;
                default: throw new NotSupportedException($"operator {kind} on 'bool'");
            }
        }

        private static object StringCompare(BinaryOperatorKind kind, string? l, string? r)
        {
            switch (kind)
            {
                case BinaryOperatorKind.Equals: return string.Equals(l, r, StringComparison.Ordinal);
                case BinaryOperatorKind.NotEquals: return !string.Equals(l, r, StringComparison.Ordinal);
                default: throw new NotSupportedException($"operator {kind} on 'string'");
            }
        }

        private static object EnumBinary(BinaryOperatorKind kind, object? left, object? right)
        {
            long l = left is EnumValue a ? a.Value : ToInt64(left);
            long r = right is EnumValue b ? b.Value : ToInt64(right);
            var type = (left as EnumValue)?.Type ?? ((EnumValue)right!).Type;
            switch (kind)
            {
                case BinaryOperatorKind.And: return new EnumValue(type, l & r);
                case BinaryOperatorKind.Or: return new EnumValue(type, l | r);
                case BinaryOperatorKind.ExclusiveOr: return new EnumValue(type, l ^ r);
                default: return Compare(kind, l.CompareTo(r), l == r);
            }
        }

        private static object Compare(BinaryOperatorKind kind, int order, bool equal)
        {
            switch (kind)
            {
                case BinaryOperatorKind.Equals: return equal;
                case BinaryOperatorKind.NotEquals: return !equal;
                case BinaryOperatorKind.LessThan: return order < 0;
                case BinaryOperatorKind.LessThanOrEqual: return order <= 0;
                case BinaryOperatorKind.GreaterThan: return order > 0;
                case BinaryOperatorKind.GreaterThanOrEqual: return order >= 0;
                default: throw new NotSupportedException($"operator {kind}");
            }
        }

        public static object Unary(UnaryOperatorKind kind, ITypeSymbol? type, object? operand, bool isChecked)
        {
            switch (type?.SpecialType ?? SpecialType.None)
            {
                case SpecialType.System_Int32:
                {
                    int v = ToInt32(operand);
                    switch (kind)
                    {
                        case UnaryOperatorKind.Plus: return v;
                        case UnaryOperatorKind.Minus: return isChecked ? checked(-v) : unchecked(-v);
                        case UnaryOperatorKind.BitwiseNegation: return ~v;
                    }
                    break;
                }
                case SpecialType.System_Int64:
                {
                    long v = ToInt64(operand);
                    switch (kind)
                    {
                        case UnaryOperatorKind.Plus: return v;
                        case UnaryOperatorKind.Minus: return isChecked ? checked(-v) : unchecked(-v);
                        case UnaryOperatorKind.BitwiseNegation: return ~v;
                    }
                    break;
                }
                case SpecialType.System_Double:
                {
                    double v = ToDouble(operand);
                    if (kind == UnaryOperatorKind.Plus) return v;
                    if (kind == UnaryOperatorKind.Minus) return -v;
                    break;
                }
                case SpecialType.System_Boolean:
                    if (kind == UnaryOperatorKind.Not) return !(bool)operand!;
                    break;
            }
            throw new NotSupportedException($"operator {kind} on '{type?.ToDisplayString() ?? "?"}'");
        }

        /// <summary>A value converted to <paramref name="target"/> as a C# cast (or implicit conversion) would.</summary>
        public static object? Convert(object? value, ITypeSymbol? target, bool isChecked)
        {
            if (target is null) return value;
            if (target is INamedTypeSymbol named && named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                return value is null ? null : Convert(value, named.TypeArguments[0], isChecked);
            if (target.TypeKind == TypeKind.Enum)
            {
                if (value is EnumValue e) return new EnumValue(target, e.Value);
                return new EnumValue(target, ToInt64(value));
            }
            if (value is null) return null;
            if (value is EnumValue ev) value = ev.Value;

            switch (target.SpecialType)
            {
                case SpecialType.System_Int32:
                    switch (value)
                    {
                        case int i: return i;
                        case long l: return isChecked ? checked((int)l) : unchecked((int)l);
                        case double d: return isChecked ? checked((int)d) : unchecked((int)d);
                        case float f: return isChecked ? checked((int)f) : unchecked((int)f);
                        case char c: return (int)c;
                    }
                    break;
                case SpecialType.System_Int64:
                    switch (value)
                    {
                        case int i: return (long)i;
                        case long l: return l;
                        case double d: return isChecked ? checked((long)d) : unchecked((long)d);
                        case float f: return isChecked ? checked((long)f) : unchecked((long)f);
                        case char c: return (long)c;
                    }
                    break;
                case SpecialType.System_Double:
                    switch (value)
                    {
                        case int i: return (double)i;
                        case long l: return (double)l;
                        case double d: return d;
                        case float f: return (double)f;
                        case char c: return (double)c;
                    }
                    break;
                case SpecialType.System_Char:
                    switch (value)
                    {
                        case char c: return c;
                        case int i: return isChecked ? checked((char)i) : unchecked((char)i);
                        case long l: return isChecked ? checked((char)l) : unchecked((char)l);
                    }
                    break;
                case SpecialType.System_Boolean:
                    if (value is bool) return value;
                    break;
                case SpecialType.System_String:
                    if (value is string) return value;
                    break;
                default:
                    // Boxing, reference and interface conversions keep the value as it is.
                    if (!target.IsValueType) return value;
                    break;
            }
            throw new NotSupportedException($"conversion of {value.GetType().Name} to '{target.ToDisplayString()}'");
        }

        /// <summary>The default value of a type: 0, 0L, 0.0, false, '\0', enum zero, or null.</summary>
        public static object? Default(ITypeSymbol? type)
        {
            if (type is null) return null;
            if (type.TypeKind == TypeKind.Enum) return new EnumValue(type, 0);
            switch (type.SpecialType)
            {
                case SpecialType.System_Int32: return 0;
                case SpecialType.System_Int64: return 0L;
                case SpecialType.System_Double: return 0.0;
                case SpecialType.System_Boolean: return false;
                case SpecialType.System_Char: return '\0';
            }
            if (type is INamedTypeSymbol named && named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T) return null;
            if (type.IsValueType) throw new NotSupportedException($"values of struct type '{type.ToDisplayString()}'");
            return null;
        }

        /// <summary>Text of a value as string concatenation and interpolation produce it (invariant culture, round-trip doubles).</summary>
        public static string Text(object? value, string? format = null)
        {
            switch (value)
            {
                case null: return "";
                case string s: return s;
                case bool b: return b ? "True" : "False";
                case double d when format is null: return d.ToString("R", CultureInfo.InvariantCulture);
                case EnumValue e: return format is null || format == "G" || format == "g" ? e.Name : e.Value.ToString(format, CultureInfo.InvariantCulture);
                case IFormattable f: return f.ToString(format, CultureInfo.InvariantCulture);
                case ArrayValue a: return DslCallInvoker.RuntimeType(a.ElementType)?.MakeArrayType().ToString() ?? a.ToString();
                case RecordValue r: throw new NotSupportedException($"converting a {r.Type.Name} to text");
                default: return value.ToString() ?? "";
            }
        }

        public static int ToInt32(object? v)
        {
            switch (v)
            {
                case int i: return i;
                case char c: return c;
                case EnumValue e: return (int)e.Value;
                default: throw new NotSupportedException($"expected an int, got {v?.GetType().Name ?? "null"}");
            }
        }

        public static long ToInt64(object? v)
        {
            switch (v)
            {
                case int i: return i;
                case long l: return l;
                case char c: return c;
                case EnumValue e: return e.Value;
                default: throw new NotSupportedException($"expected an integer, got {v?.GetType().Name ?? "null"}");
            }
        }

        public static double ToDouble(object? v)
        {
            switch (v)
            {
                case double d: return d;
                case int i: return i;
                case long l: return l;
                default: throw new NotSupportedException($"expected a double, got {v?.GetType().Name ?? "null"}");
            }
        }
    }
}
