using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>
    /// Calls DSL members (<see cref="TensorRef"/>, <see cref="IModelBuilder"/> and the rest of <c>NeuralAudio.ModelDsl</c>)
    /// for real: the generator compiles the ModelDsl sources in, so a symbol in the user's compilation maps by metadata
    /// name and parameter types to the very method the runtime would call. Values cross the boundary converted both
    /// ways (interpreter arrays and enums to CLR arrays and enums, and back).
    /// </summary>
    public sealed class DslCallInvoker
    {
        public const string DslNamespace = "NeuralAudio.ModelDsl";

        private static readonly Assembly DslAssembly = typeof(TensorRef).Assembly;

        private readonly Dictionary<ISymbol, MemberInfo?> _members = new Dictionary<ISymbol, MemberInfo?>(SymbolEqualityComparer.Default);

        /// <summary>True for types declared in <c>NeuralAudio.ModelDsl</c> or a namespace under it.</summary>
        public static bool IsDslType(ITypeSymbol? type)
        {
            if (type is null) return false;
            var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
            return ns == DslNamespace || ns.StartsWith(DslNamespace + ".", StringComparison.Ordinal);
        }

        /// <summary>Invokes <paramref name="method"/> on <paramref name="receiver"/> (null for static); returns null when the member has no runtime counterpart.</summary>
        public bool TryInvoke(IMethodSymbol method, object? receiver, object?[] arguments, out object? result)
        {
            result = null;
            if (!(Resolve(method) is MethodInfo info)) return false;
            var parameters = info.GetParameters();
            var converted = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++) converted[i] = ToRuntime(arguments[i], parameters[i].ParameterType);
            result = FromRuntime(Call(() => info.Invoke(info.IsStatic ? null : receiver, converted)), method.ReturnType);
            return true;
        }

        public bool TryGetProperty(IPropertySymbol property, object? receiver, out object? result)
        {
            result = null;
            if (!(Resolve(property) is PropertyInfo info) || info.GetMethod is null) return false;
            result = FromRuntime(Call(() => info.GetValue(info.GetMethod.IsStatic ? null : receiver)), property.Type);
            return true;
        }

        public bool TryGetField(IFieldSymbol field, object? receiver, out object? result)
        {
            result = null;
            if (!(Resolve(field) is FieldInfo info)) return false;
            result = FromRuntime(Call(() => info.GetValue(info.IsStatic ? null : receiver)), field.Type);
            return true;
        }

        /// <summary>Runs a reflective call and unwraps <see cref="TargetInvocationException"/> so callers see the DSL's own exception.</summary>
        private static object? Call(Func<object?> call)
        {
            try { return call(); }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        private MemberInfo? Resolve(ISymbol symbol)
        {
            if (_members.TryGetValue(symbol, out var cached)) return cached;
            MemberInfo? found = null;
            var type = RuntimeType(symbol.ContainingType);
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
            if (type != null)
            {
                switch (symbol)
                {
                    case IMethodSymbol m:
                        var types = m.Parameters.Select(p => RuntimeType(p.Type)).ToArray();
                        if (types.All(t => t != null))
                            found = type.GetMethod(m.Name, flags, null, types!, null);
                        break;
                    case IPropertySymbol p:
                        found = type.GetProperty(p.Name, flags);
                        break;
                    case IFieldSymbol f:
                        found = type.GetField(f.Name, flags);
                        break;
                }
            }
            _members[symbol] = found;
            return found;
        }

        /// <summary>The runtime type for a type symbol: BCL primitives, arrays, nullable values, and DSL types by metadata name.</summary>
        public static Type? RuntimeType(ITypeSymbol? type)
        {
            switch (type)
            {
                case null: return null;
                case IArrayTypeSymbol array:
                    if (array.Rank != 1) return null;
                    return RuntimeType(array.ElementType)?.MakeArrayType();
            }
            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean: return typeof(bool);
                case SpecialType.System_Char: return typeof(char);
                case SpecialType.System_Int32: return typeof(int);
                case SpecialType.System_Int64: return typeof(long);
                case SpecialType.System_Single: return typeof(float);
                case SpecialType.System_Double: return typeof(double);
                case SpecialType.System_String: return typeof(string);
                case SpecialType.System_Object: return typeof(object);
                case SpecialType.System_IDisposable: return typeof(IDisposable);
            }
            if (type is INamedTypeSymbol named && named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                var inner = RuntimeType(named.TypeArguments[0]);
                return inner is null ? null : typeof(Nullable<>).MakeGenericType(inner);
            }
            if (IsDslType(type) && type is INamedTypeSymbol dsl) return DslAssembly.GetType(MetadataName(dsl), throwOnError: false);
            return null;
        }

        private static string MetadataName(INamedTypeSymbol type)
        {
            var name = type.MetadataName;
            for (var outer = type.ContainingType; outer != null; outer = outer.ContainingType) name = outer.MetadataName + "+" + name;
            var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
            return ns.Length == 0 ? name : ns + "." + name;
        }

        /// <summary>Interpreter value → CLR value of <paramref name="target"/>.</summary>
        public static object? ToRuntime(object? value, Type target)
        {
            switch (value)
            {
                case null: return null;
                case ArrayValue array:
                    var element = target.IsArray ? target.GetElementType()! : typeof(object);
                    var result = Array.CreateInstance(element, array.Length);
                    for (int i = 0; i < array.Length; i++) result.SetValue(ToRuntime(array.Items[i], element), i);
                    return result;
                case EnumValue e:
                    var enumType = Nullable.GetUnderlyingType(target) ?? target;
                    return enumType.IsEnum ? Enum.ToObject(enumType, e.Value) : (object)e.Value;
                case RecordValue r:
                    throw new InvalidOperationException($"a {r.Type.Name} cannot be passed to a DSL member");
            }
            var plain = Nullable.GetUnderlyingType(target) ?? target;
            if (plain.IsPrimitive && value.GetType() != plain && value is IConvertible)
                return Convert.ChangeType(value, plain, CultureInfo.InvariantCulture);
            return value;
        }

        /// <summary>CLR value returned by a DSL member → interpreter value, typed by the member's declared type.</summary>
        public static object? FromRuntime(object? value, ITypeSymbol type)
        {
            switch (value)
            {
                case null: return null;
                case Array array when type is IArrayTypeSymbol arrayType:
                    var items = new object?[array.Length];
                    for (int i = 0; i < items.Length; i++) items[i] = FromRuntime(array.GetValue(i), arrayType.ElementType);
                    return new ArrayValue(arrayType.ElementType, items);
                case Enum e:
                    var enumType = type is INamedTypeSymbol n && n.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? n.TypeArguments[0] : type;
                    return new EnumValue(enumType, Convert.ToInt64(e, CultureInfo.InvariantCulture));
                default:
                    return value;
            }
        }
    }
}
