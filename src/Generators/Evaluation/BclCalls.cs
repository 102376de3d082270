using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>
    /// The few BCL members a definition may call: <see cref="Math"/> (Max, Min, Abs, Pow, Floor, Ceiling, Log...),
    /// culture-independent string helpers, and <c>ToString()</c> on numbers, booleans and enums. They are called for
    /// real through reflection with the overload the compiler bound, so results match run time exactly.
    /// </summary>
    internal static class BclCalls
    {
        private static readonly HashSet<string> MathMembers = new HashSet<string>(StringComparer.Ordinal)
        {
            "Abs", "Max", "Min", "Pow", "Floor", "Ceiling", "Log", "Log2", "Log10", "Sqrt", "Round", "Clamp", "Sign",
            "Exp", "Truncate",
        };

        private static readonly HashSet<string> StringMembers = new HashSet<string>(StringComparer.Ordinal)
        {
            "ToLowerInvariant", "ToUpperInvariant", "Substring", "Replace", "Trim", "Contains", "IsNullOrEmpty",
            "PadLeft", "PadRight", "Concat", "Join",
        };

        public static bool TryInvoke(IMethodSymbol method, object? receiver, object?[] arguments, out object? result)
        {
            result = null;
            var container = method.ContainingType;
            if (method.IsGenericMethod || method.Parameters.Any(p => p.RefKind != RefKind.None)) return false;

            if (method.Name == "ToString" && !method.IsStatic && IsFormattable(receiver) &&
                (method.Parameters.Length == 0 ||
                 (method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String)))
            {
                result = Arithmetic.Text(receiver, method.Parameters.Length == 1 ? (string?)arguments[0] : null);
                return true;
            }

            Type? type = null;
            if (container.ToDisplayString() == "System.Math" && MathMembers.Contains(method.Name)) type = typeof(Math);
            else if (container.SpecialType == SpecialType.System_String && StringMembers.Contains(method.Name)) type = typeof(string);
            if (type is null) return false;

            var parameterTypes = method.Parameters.Select(p => DslCallInvoker.RuntimeType(p.Type)).ToArray();
            if (parameterTypes.Any(t => t is null)) return false;
            var info = type.GetMethod(method.Name, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance, null, parameterTypes!, null);
            if (info is null) return false;

            var converted = new object?[arguments.Length];
            for (int i = 0; i < arguments.Length; i++) converted[i] = DslCallInvoker.ToRuntime(arguments[i], parameterTypes[i]!);
            try
            {
                result = DslCallInvoker.FromRuntime(info.Invoke(info.IsStatic ? null : receiver, converted), method.ReturnType);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            return true;
        }

        private static bool IsFormattable(object? value) =>
            value is int || value is long || value is double || value is bool || value is char || value is string || value is EnumValue;
    }
}
