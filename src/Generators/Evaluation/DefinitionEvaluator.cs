using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>
    /// The compile-time evaluator: interprets a model definition (and the helpers, config records and static members
    /// it reaches) from Roslyn's bound <see cref="IOperation"/> tree, calling DSL members for real on a
    /// <see cref="GraphBuilder"/>. IOperation has already bound arguments to parameters (defaults and params arrays
    /// included), folded constants and made conversions explicit, so the interpreter follows C# semantics without
    /// re-implementing binding. Anything it cannot know at compile time raises NA0003, anything it does not model
    /// raises NA0004, both at the offending syntax.
    /// </summary>
    /// <remarks>
    /// This file holds the entry points, calls and members; <c>DefinitionEvaluator.Statements.cs</c> the statements,
    /// <c>DefinitionEvaluator.Expressions.cs</c> the expressions, and <c>DefinitionEvaluator.Objects.cs</c> records.
    /// </remarks>
    public sealed partial class DefinitionEvaluator
    {
        private readonly EvalContext _ctx;

        public DefinitionEvaluator(EvalContext context) { _ctx = context; }

        /// <summary>The value of a <c>[Variant]</c> member (a static field or property), memoised like any static member.</summary>
        public object? EvaluateVariant(ISymbol member, SyntaxNode reportAt)
        {
            switch (member)
            {
                case IFieldSymbol field: return ReadStaticField(field, reportAt);
                case IPropertySymbol property: return ReadStaticProperty(property, reportAt);
                default: throw EvaluationException.Unsupported(member.Kind.ToString(), reportAt);
            }
        }

        /// <summary>Runs the <c>[ModelDefinition]</c> method against <paramref name="builder"/> with <paramref name="config"/>.</summary>
        public void RunDefinition(IMethodSymbol definition, IModelBuilder builder, object? config, SyntaxNode reportAt)
        {
            _ctx.TotalIterations = 0;
            InvokeSource(definition, null, new object?[] { builder, config }, reportAt);
        }

        // ---------------------------------------------------------------- calls

        private object? Invoke(IInvocationOperation invocation, Frame frame)
        {
            var method = invocation.TargetMethod;
            if (DslCallInvoker.IsDslType(method.ContainingType))
            {
                var receiver = invocation.Instance is null ? null : Evaluate(invocation.Instance, frame);
                var dslArguments = EvaluateArguments(invocation.Arguments, method.Parameters.Length, frame);
                if (!method.IsStatic && receiver is null) throw new NullReferenceException($"'{Describe(invocation.Instance!)}' is null");
                if (!_ctx.Dsl.TryInvoke(method, receiver, dslArguments, out var result))
                    throw EvaluationException.NonConstant(invocation.Syntax,
                        $"'{method.ToDisplayString()}' has no counterpart in the generator's copy of the DSL");
                return result;
            }

            var body = GetBody(method.PartialImplementationPart ?? method);
            if (body is null)
            {
                var target = invocation.Instance is null ? null : Evaluate(invocation.Instance, frame);
                var bclArguments = EvaluateArguments(invocation.Arguments, method.Parameters.Length, frame);
                if (BclCalls.TryInvoke(method, target, bclArguments, out var value)) return value;
                throw EvaluationException.NonConstant(invocation.Syntax, $"'{MemberName(method)}' is not declared in source");
            }

            object? @this = null;
            if (!method.IsStatic)
            {
                @this = Evaluate(invocation.Instance!, frame);
                if (!(@this is RecordValue))
                    throw EvaluationException.NonConstant(invocation.Syntax, $"'{MemberName(method)}' is called on a value the generator cannot model");
            }
            var arguments = EvaluateArguments(invocation.Arguments, method.Parameters.Length, frame);
            return InvokeSource(method, @this, arguments, invocation.Syntax);
        }

        /// <summary>Evaluates arguments in source order (their side effects on the graph must happen in that order) into parameter order.</summary>
        private object?[] EvaluateArguments(IEnumerable<IArgumentOperation> arguments, int parameterCount, Frame frame)
        {
            var values = new object?[parameterCount];
            foreach (var argument in arguments)
            {
                if (argument.Parameter is null) throw EvaluationException.Unsupported("__arglist", argument.Syntax);
                if (argument.Parameter.RefKind == RefKind.Ref || argument.Parameter.RefKind == RefKind.Out)
                    throw EvaluationException.Unsupported("ref or out argument", argument.Syntax);
                if (argument.InConversion.IsUserDefined || argument.OutConversion.IsUserDefined)
                    throw EvaluationException.Unsupported("user-defined conversion", argument.Syntax);
                values[argument.Parameter.Ordinal] = Evaluate(argument.Value, frame);
            }
            return values;
        }

        /// <summary>Interprets a method (or accessor, or local helper) declared in source with a fresh frame.</summary>
        private object? InvokeSource(IMethodSymbol method, object? @this, object?[] arguments, SyntaxNode callSite)
        {
            var implementation = method.PartialImplementationPart ?? method;
            var body = GetBody(implementation)
                ?? throw EvaluationException.NonConstant(callSite, $"'{MemberName(method)}' has no body in source");
            if (method.Parameters.Any(p => p.RefKind == RefKind.Ref || p.RefKind == RefKind.Out))
                throw EvaluationException.Unsupported("ref or out parameter", callSite);
            if (_ctx.Depth >= EvalContext.MaxCallDepth)
                throw EvaluationException.Unsupported("recursion", callSite, $"calls nested more than {EvalContext.MaxCallDepth} deep");
            _ctx.Depth++;
            try
            {
                var frame = new Frame(implementation, arguments, @this);
                Execute(body, frame);
                return frame.ReturnValue;
            }
            finally
            {
                _ctx.Depth--;
            }
        }

        /// <summary>The body of a source method or accessor as an operation (a block), or null when it has none in source.</summary>
        private IOperation? GetBody(IMethodSymbol method)
        {
            if (method.IsImplicitlyDeclared || method.IsAbstract || method.IsExtern) return null;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(_ctx.CancellationToken);
                var model = _ctx.GetSemanticModel(syntax.SyntaxTree);
                switch (syntax)
                {
                    case ArrowExpressionClauseSyntax arrow:
                        return model.GetOperation(arrow, _ctx.CancellationToken);
                    case BaseMethodDeclarationSyntax _:
                    case AccessorDeclarationSyntax _:
                        if (model.GetOperation(syntax, _ctx.CancellationToken) is IMethodBodyBaseOperation body &&
                            (body.BlockBody ?? body.ExpressionBody) is IOperation block)
                            return block;
                        break;
                }
            }
            return null;
        }

        // ---------------------------------------------------------------- fields and properties

        private object? ReadStaticField(IFieldSymbol field, SyntaxNode at)
        {
            if (field.IsConst) return Constant(field.ConstantValue, field.Type);
            if (DslCallInvoker.IsDslType(field.ContainingType) && _ctx.Dsl.TryGetField(field, null, out var dslValue)) return dslValue;
            if (field.ContainingType.SpecialType == SpecialType.System_String && field.Name == "Empty") return "";
            if (field.DeclaringSyntaxReferences.IsEmpty)
                throw EvaluationException.NonConstant(at, $"'{MemberName(field)}' is not declared in source");
            if (!field.IsReadOnly)
                throw EvaluationException.NonConstant(at, $"static field '{MemberName(field)}' is not readonly");
            var declarator = field.DeclaringSyntaxReferences[0].GetSyntax(_ctx.CancellationToken) as VariableDeclaratorSyntax;
            if (declarator?.Initializer is null)
                throw EvaluationException.NonConstant(at, $"'{MemberName(field)}' has no initializer");
            return Memoised(field, at, () =>
            {
                var model = _ctx.GetSemanticModel(declarator.SyntaxTree);
                var initializer = model.GetOperation(declarator.Initializer, _ctx.CancellationToken) as IFieldInitializerOperation
                    ?? throw EvaluationException.CompileError();
                return Evaluate(initializer.Value, new Frame(null, Array.Empty<object?>(), null));
            });
        }

        private object? ReadStaticProperty(IPropertySymbol property, SyntaxNode at)
        {
            if (DslCallInvoker.IsDslType(property.ContainingType) && _ctx.Dsl.TryGetProperty(property, null, out var dslValue)) return dslValue;
            if (property.DeclaringSyntaxReferences.IsEmpty)
                throw EvaluationException.NonConstant(at, $"'{MemberName(property)}' is not declared in source");
            if (IsAutoProperty(property))
            {
                if (property.SetMethod != null)
                    throw EvaluationException.NonConstant(at, $"static property '{MemberName(property)}' has a setter");
                var syntax = property.DeclaringSyntaxReferences[0].GetSyntax(_ctx.CancellationToken) as PropertyDeclarationSyntax;
                if (syntax?.Initializer is null)
                    throw EvaluationException.NonConstant(at, $"'{MemberName(property)}' has no initializer");
                return Memoised(property, at, () =>
                {
                    var model = _ctx.GetSemanticModel(syntax.SyntaxTree);
                    var initializer = model.GetOperation(syntax.Initializer, _ctx.CancellationToken) as IPropertyInitializerOperation
                        ?? throw EvaluationException.CompileError();
                    return Evaluate(initializer.Value, new Frame(null, Array.Empty<object?>(), null));
                });
            }
            if (property.GetMethod is null)
                throw EvaluationException.NonConstant(at, $"'{MemberName(property)}' has no getter");
            return InvokeSource(property.GetMethod, null, Array.Empty<object?>(), at);
        }

        private object? ReadInstanceProperty(object? instance, IPropertySymbol property, SyntaxNode at)
        {
            switch (instance)
            {
                case null:
                    throw new NullReferenceException($"reading '{property.Name}' of null");
                case RecordValue record:
                    if (record.TryGet(property.Name, out var stored)) return stored;
                    var getter = Implementation(record, property)?.GetMethod;
                    if (getter != null && GetBody(getter) != null) return InvokeSource(getter, record, Array.Empty<object?>(), at);
                    throw EvaluationException.NonConstant(at, $"'{MemberName(property)}' has no value the generator can compute");
                case ArrayValue array when property.Name == "Length":
                    return array.Length;
                case ArrayValue array when property.Name == "LongLength":
                    return (long)array.Length;
                case string text when property.Name == "Length":
                    return text.Length;
            }
            if (DslCallInvoker.IsDslType(property.ContainingType) && _ctx.Dsl.TryGetProperty(property, instance, out var value)) return value;
            throw EvaluationException.NonConstant(at, $"'{MemberName(property)}' is not declared in source");
        }

        private object? ReadInstanceField(object? instance, IFieldSymbol field, SyntaxNode at)
        {
            switch (instance)
            {
                case null:
                    throw new NullReferenceException($"reading '{field.Name}' of null");
                case RecordValue record when record.TryGet(field.Name, out var stored):
                    return stored;
            }
            if (DslCallInvoker.IsDslType(field.ContainingType) && _ctx.Dsl.TryGetField(field, instance, out var value)) return value;
            throw EvaluationException.NonConstant(at, $"'{MemberName(field)}' is not declared in source");
        }

        private void WriteInstanceProperty(RecordValue record, IPropertySymbol property, object? value, SyntaxNode at)
        {
            if (record.HasMember(property.Name)) { record.Set(property.Name, value); return; }
            var setter = Implementation(record, property)?.SetMethod;
            if (setter != null && GetBody(setter) != null) { InvokeSource(setter, record, new[] { value }, at); return; }
            throw EvaluationException.Unsupported("assignment", at, $"property '{property.Name}' has neither storage nor a setter in source");
        }

        /// <summary>The property as the record's own type declares it (interface members map to their implementation).</summary>
        private static IPropertySymbol? Implementation(RecordValue record, IPropertySymbol property)
        {
            if (property.ContainingType.TypeKind == TypeKind.Interface)
                return record.Type.FindImplementationForInterfaceMember(property) as IPropertySymbol;
            return property;
        }

        /// <summary>An auto-property (stored, not computed): positional record parameters and accessor lists without bodies.</summary>
        internal static bool IsAutoProperty(IPropertySymbol property)
        {
            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax())
                {
                    case ParameterSyntax _:
                        return true;
                    case PropertyDeclarationSyntax declaration:
                        return declaration.ExpressionBody is null && declaration.AccessorList != null &&
                               declaration.AccessorList.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
                }
            }
            return false;
        }

        /// <summary>Evaluates a static member once per transform, as a type initializer would; cycles and errors are remembered.</summary>
        private object? Memoised(ISymbol symbol, SyntaxNode at, Func<object?> compute)
        {
            if (_ctx.TryGetStatic(symbol, out var slot))
            {
                if (slot.InProgress) throw EvaluationException.NonConstant(at, $"'{MemberName(symbol)}' is initialised from itself");
                if (slot.Error != null) throw slot.Error;
                return slot.Value;
            }
            slot = new StaticSlot { InProgress = true };
            _ctx.SetStatic(symbol, slot);
            try
            {
                slot.Value = compute();
                return slot.Value;
            }
            catch (EvaluationException e)
            {
                slot.Error = e;
                throw;
            }
            finally
            {
                slot.InProgress = false;
            }
        }

        // ---------------------------------------------------------------- helpers

        private static object? Constant(Optional<object?> constant, ITypeSymbol? type) =>
            Constant(constant.Value, type);

        private static object? Constant(object? value, ITypeSymbol? type)
        {
            if (value is null) return null;
            if (type?.TypeKind == TypeKind.Enum) return new EnumValue(type, System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            if (type is INamedTypeSymbol nullable && nullable.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T &&
                nullable.TypeArguments[0].TypeKind == TypeKind.Enum)
                return new EnumValue(nullable.TypeArguments[0], System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            if (value is float f) return (double)f;
            return value;
        }

        private static string MemberName(ISymbol symbol) =>
            symbol.ContainingType is null ? symbol.Name : symbol.ContainingType.Name + "." + symbol.Name;

        private static string Describe(IOperation operation) => EvaluationException.Describe(operation.Syntax);

        /// <summary>
        /// Where a failing DSL call is reported: from the member name to the end of the argument list
        /// (<c>Conv1d(8, 3, stride: 3)</c> in <c>x.Conv1d(8, 3, stride: 3)</c>), so each call of a fluent chain is told apart.
        /// </summary>
        internal static Location CallLocation(SyntaxNode syntax)
        {
            if (syntax is InvocationExpressionSyntax invocation)
            {
                SimpleNameSyntax? name = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name,
                    MemberBindingExpressionSyntax binding => binding.Name,
                    _ => null,
                };
                if (name != null)
                    return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(name.SpanStart, invocation.Span.End));
            }
            if (syntax is MemberAccessExpressionSyntax member)
                return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(member.Name.SpanStart, member.Span.End));
            return syntax.GetLocation();
        }
    }
}
