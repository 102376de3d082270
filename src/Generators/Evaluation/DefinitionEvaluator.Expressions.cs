using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators.Evaluation
{
    public sealed partial class DefinitionEvaluator
    {
        private object? Evaluate(IOperation operation, Frame frame)
        {
            try
            {
                // The generator runs inside the compiler: fail with a diagnostic long before a stack overflow would.
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                return EvaluateCore(operation, frame);
            }
            catch (Exception e) when (!(e is EvaluationException) && !(e is OperationCanceledException))
            {
                throw Translate(e, operation);
            }
        }

        /// <summary>
        /// Turns an exception raised while evaluating <paramref name="operation"/> into a diagnostic there: the DSL's own
        /// errors keep their code (at the call, see <see cref="CallLocation"/>); an exception the program would throw at
        /// run time (division by zero, index out of range, overflow in checked code, null) becomes NA0006.
        /// </summary>
        private static EvaluationException Translate(Exception e, IOperation operation)
        {
            switch (e)
            {
                case DslException dsl:
                    return new EvaluationException(dsl.Code, dsl.Message, CallLocation(operation.Syntax));
                case NotSupportedException unsupported:
                    return EvaluationException.Unsupported(ConstructName(operation), operation.Syntax, unsupported.Message);
                case InsufficientExecutionStackException _:
                    return EvaluationException.Unsupported("deeply nested code", operation.Syntax, "the evaluator ran short of stack");
                default:
                    return EvaluationException.InvalidArgument(
                        $"evaluating '{Describe(operation)}' throws {e.GetType().Name}: {e.Message}", operation.Syntax);
            }
        }

        private object? EvaluateCore(IOperation operation, Frame frame)
        {
            if (operation.ConstantValue.HasValue) return Constant(operation.ConstantValue.Value, operation.Type);
            if (operation.Type?.TypeKind == TypeKind.Error) throw EvaluationException.CompileError();

            switch (operation)
            {
                case IConversionOperation conversion:
                    return Convert(conversion, frame);
                case ILocalReferenceOperation local:
                    if (frame.Locals.TryGetValue(local.Local, out var localValue)) return localValue;
                    throw EvaluationException.Unsupported("captured variable", operation.Syntax, $"local '{local.Local.Name}' is declared outside the evaluated code");
                case IParameterReferenceOperation parameter:
                    return ReadParameter(parameter, frame);
                case IInstanceReferenceOperation instance:
                    return ReadInstance(instance, frame);
                case IFieldReferenceOperation field:
                    return field.Field.IsStatic
                        ? ReadStaticField(field.Field, operation.Syntax)
                        : ReadInstanceField(Evaluate(field.Instance!, frame), field.Field, operation.Syntax);
                case IPropertyReferenceOperation property:
                    return ReadProperty(property, frame);
                case IArrayElementReferenceOperation element:
                    return ResolveLValue(element, frame).Get();
                case IArrayCreationOperation array:
                    return CreateArray(array, frame);
                case ICollectionExpressionOperation collection:
                    return CreateCollection(collection, frame);
                case IBinaryOperation binary:
                    return Binary(binary, frame);
                case IUnaryOperation unary:
                    if (unary.OperatorMethod != null) throw EvaluationException.Unsupported("user-defined operator", operation.Syntax);
                    if (unary.IsLifted) throw EvaluationException.Unsupported("nullable arithmetic", operation.Syntax);
                    return Arithmetic.Unary(unary.OperatorKind, unary.Operand.Type, Evaluate(unary.Operand, frame), unary.IsChecked);
                case IConditionalOperation conditional when conditional.WhenFalse != null && !conditional.IsRef:
                    return EvaluateCondition(conditional.Condition, frame)
                        ? Evaluate(conditional.WhenTrue, frame)
                        : Evaluate(conditional.WhenFalse, frame);
                case ICoalesceOperation coalesce:
                    return Evaluate(coalesce.Value, frame) ?? Evaluate(coalesce.WhenNull, frame);
                case ISimpleAssignmentOperation assignment:
                {
                    if (assignment.IsRef) throw EvaluationException.Unsupported("ref assignment", operation.Syntax);
                    var target = ResolveLValue(assignment.Target, frame);
                    var value = Evaluate(assignment.Value, frame);
                    target.Set(value);
                    return value;
                }
                case ICompoundAssignmentOperation compound:
                    return CompoundAssign(compound, frame);
                case ICoalesceAssignmentOperation coalesceAssignment:
                {
                    var target = ResolveLValue(coalesceAssignment.Target, frame);
                    var current = target.Get();
                    if (current != null) return current;
                    var value = Evaluate(coalesceAssignment.Value, frame);
                    target.Set(value);
                    return value;
                }
                case IIncrementOrDecrementOperation increment:
                    return IncrementOrDecrement(increment, frame);
                case IInvocationOperation invocation:
                    return Invoke(invocation, frame);
                case IObjectCreationOperation creation:
                    return CreateObject(creation, frame);
                case IWithOperation with:
                    return With(with, frame);
                case IInterpolatedStringOperation interpolated:
                    return Interpolate(interpolated, frame);
                case IDefaultValueOperation defaultValue:
                    return Arithmetic.Default(defaultValue.Type);
                case IInvalidOperation _:
                    throw EvaluationException.CompileError();
                default:
                    throw EvaluationException.Unsupported(ConstructName(operation), operation.Syntax);
            }
        }

        private object? Convert(IConversionOperation conversion, Frame frame)
        {
            if (!conversion.Conversion.Exists) throw EvaluationException.CompileError();
            if (conversion.OperatorMethod != null) throw EvaluationException.Unsupported("user-defined conversion", conversion.Syntax);
            switch (conversion.Operand.Kind)
            {
                case OperationKind.AnonymousFunction:
                case OperationKind.MethodReference:
                    throw EvaluationException.Unsupported(ConstructName(conversion.Operand), conversion.Operand.Syntax);
            }
            var value = Evaluate(conversion.Operand, frame);
            return Arithmetic.Convert(value, conversion.Type, conversion.IsChecked);
        }

        private object? ReadParameter(IParameterReferenceOperation reference, Frame frame)
        {
            var parameter = reference.Parameter;
            if (IsFrameParameter(parameter, frame)) return frame.Arguments[parameter.Ordinal];
            if (frame.This is RecordValue record && record.CapturedParameters.TryGetValue(parameter.Name, out var captured)) return captured;
            throw EvaluationException.Unsupported("captured variable", reference.Syntax, $"parameter '{parameter.Name}' belongs to another method");
        }

        private void WriteParameter(IParameterReferenceOperation reference, Frame frame, object? value)
        {
            var parameter = reference.Parameter;
            if (IsFrameParameter(parameter, frame)) { frame.Arguments[parameter.Ordinal] = value; return; }
            if (frame.This is RecordValue record && record.CapturedParameters.ContainsKey(parameter.Name)) { record.CapturedParameters[parameter.Name] = value; return; }
            throw EvaluationException.Unsupported("captured variable", reference.Syntax, $"parameter '{parameter.Name}' belongs to another method");
        }

        private static bool IsFrameParameter(IParameterSymbol parameter, Frame frame)
        {
            if (parameter.RefKind == RefKind.Ref || parameter.RefKind == RefKind.Out) return false;
            return frame.Method != null && parameter.Ordinal < frame.Arguments.Length &&
                   SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, frame.Method.OriginalDefinition);
        }

        private static object? ReadInstance(IInstanceReferenceOperation instance, Frame frame)
        {
            switch (instance.ReferenceKind)
            {
                case InstanceReferenceKind.ContainingTypeInstance:
                    return frame.This ?? throw EvaluationException.Unsupported("this", instance.Syntax, "'this' is only known inside members of a config record");
                case InstanceReferenceKind.ImplicitReceiver:
                    if (frame.Receivers.Count > 0) return frame.Receivers.Peek();
                    break;
            }
            throw EvaluationException.Unsupported(ConstructName(instance), instance.Syntax);
        }

        private object? ReadProperty(IPropertyReferenceOperation reference, Frame frame)
        {
            var property = reference.Property;
            if (!reference.Arguments.IsEmpty)
            {
                var target = reference.Instance is null ? null : Evaluate(reference.Instance, frame);
                if (target is string text && property.ContainingType.SpecialType == SpecialType.System_String)
                    return text[Arithmetic.ToInt32(Evaluate(reference.Arguments[0].Value, frame))];
                throw EvaluationException.Unsupported("indexer", reference.Syntax);
            }
            if (property.IsStatic) return ReadStaticProperty(property, reference.Syntax);
            return ReadInstanceProperty(Evaluate(reference.Instance!, frame), property, reference.Syntax);
        }

        private object? Binary(IBinaryOperation binary, Frame frame)
        {
            if (binary.OperatorMethod != null) throw EvaluationException.Unsupported("user-defined operator", binary.Syntax);
            if (binary.IsLifted) throw EvaluationException.Unsupported("nullable arithmetic", binary.Syntax);
            var kind = binary.OperatorKind;
            if (kind == BinaryOperatorKind.ConditionalAnd || kind == BinaryOperatorKind.ConditionalOr)
            {
                bool left = EvaluateCondition(binary.LeftOperand, frame);
                if (kind == BinaryOperatorKind.ConditionalAnd ? !left : left) return left;
                return EvaluateCondition(binary.RightOperand, frame);
            }
            var l = Evaluate(binary.LeftOperand, frame);
            var r = Evaluate(binary.RightOperand, frame);
            return Arithmetic.Binary(kind, binary.LeftOperand.Type ?? binary.RightOperand.Type, l, r, binary.IsChecked);
        }

        private object? CompoundAssign(ICompoundAssignmentOperation compound, Frame frame)
        {
            if (compound.OperatorMethod != null) throw EvaluationException.Unsupported("user-defined operator", compound.Syntax);
            if (compound.IsLifted) throw EvaluationException.Unsupported("nullable arithmetic", compound.Syntax);
            var target = ResolveLValue(compound.Target, frame);
            var left = target.Get();
            var right = Evaluate(compound.Value, frame);
            var result = Arithmetic.Binary(compound.OperatorKind, OperandType(compound.Target.Type, compound.Value.Type), left, right, compound.IsChecked);
            result = Arithmetic.Convert(result, compound.Target.Type, compound.IsChecked);
            target.Set(result);
            return result;
        }

        /// <summary>The type a compound assignment computes in: string wins, then double, then long, else the target's type.</summary>
        private static ITypeSymbol? OperandType(ITypeSymbol? target, ITypeSymbol? value)
        {
            foreach (var special in new[] { SpecialType.System_String, SpecialType.System_Double, SpecialType.System_Int64 })
            {
                if (target?.SpecialType == special) return target;
                if (value?.SpecialType == special) return value;
            }
            if (target?.SpecialType == SpecialType.System_Char) return value;
            return target;
        }

        private object? IncrementOrDecrement(IIncrementOrDecrementOperation operation, Frame frame)
        {
            if (operation.OperatorMethod != null) throw EvaluationException.Unsupported("user-defined operator", operation.Syntax);
            if (operation.IsLifted) throw EvaluationException.Unsupported("nullable arithmetic", operation.Syntax);
            var target = ResolveLValue(operation.Target, frame);
            var old = target.Get();
            var type = operation.Target.Type;
            var kind = operation.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract;
            object one = type?.SpecialType == SpecialType.System_Int64 ? 1L : type?.SpecialType == SpecialType.System_Double ? 1.0 : (object)1;
            var arithmeticType = type?.SpecialType == SpecialType.System_Char || type?.TypeKind == TypeKind.Enum
                ? null : type;
            object? updated = arithmeticType is null
                ? Arithmetic.Convert(Arithmetic.ToInt64(old) + (kind == BinaryOperatorKind.Add ? 1 : -1), type, operation.IsChecked)
                : Arithmetic.Convert(Arithmetic.Binary(kind, arithmeticType, old, one, operation.IsChecked), type, operation.IsChecked);
            target.Set(updated);
            return operation.IsPostfix ? old : updated;
        }

        private object? CreateArray(IArrayCreationOperation creation, Frame frame)
        {
            var type = (IArrayTypeSymbol)creation.Type!;
            if (type.Rank != 1 || creation.DimensionSizes.Length != 1)
                throw EvaluationException.Unsupported("multi-dimensional array", creation.Syntax);
            var size = Evaluate(creation.DimensionSizes[0], frame);
            if (creation.Initializer != null)
            {
                var values = new List<object?>();
                foreach (var element in creation.Initializer.ElementValues) values.Add(Evaluate(element, frame));
                return new ArrayValue(type.ElementType, values.ToArray());
            }
            long length = Arithmetic.ToInt64(size);
            if (length < 0) throw new OverflowException("array size is negative");
            var items = new object?[length];
            for (int i = 0; i < items.Length; i++) items[i] = Arithmetic.Default(type.ElementType);
            return new ArrayValue(type.ElementType, items);
        }

        private object? CreateCollection(ICollectionExpressionOperation collection, Frame frame)
        {
            if (!(collection.Type is IArrayTypeSymbol type) || type.Rank != 1)
                throw EvaluationException.Unsupported("collection expression", collection.Syntax, $"only arrays are supported, not {collection.Type?.ToDisplayString()}");
            var values = new List<object?>();
            foreach (var element in collection.Elements)
            {
                if (element is ISpreadOperation spread)
                {
                    if (!(Evaluate(spread.Operand, frame) is ArrayValue source))
                        throw EvaluationException.Unsupported("spread of a non-array", spread.Syntax);
                    foreach (var item in source.Items) values.Add(Arithmetic.Convert(item, type.ElementType, isChecked: false));
                }
                else
                {
                    values.Add(Arithmetic.Convert(Evaluate(element, frame), type.ElementType, isChecked: false));
                }
            }
            return new ArrayValue(type.ElementType, values.ToArray());
        }

        private object? Interpolate(IInterpolatedStringOperation interpolated, Frame frame)
        {
            var sb = new StringBuilder();
            foreach (var part in interpolated.Parts)
            {
                switch (part)
                {
                    case IInterpolatedStringTextOperation text:
                        sb.Append(Arithmetic.Text(Evaluate(text.Text, frame)));
                        break;
                    case IInterpolationOperation hole:
                        var format = hole.FormatString is null ? null : (string?)Evaluate(hole.FormatString, frame);
                        var formatted = Arithmetic.Text(Evaluate(hole.Expression, frame), format);
                        if (hole.Alignment != null)
                        {
                            int alignment = Arithmetic.ToInt32(Evaluate(hole.Alignment, frame));
                            formatted = alignment < 0 ? formatted.PadRight(-alignment) : formatted.PadLeft(alignment);
                        }
                        sb.Append(formatted);
                        break;
                    default:
                        throw EvaluationException.Unsupported(ConstructName(part), part.Syntax);
                }
            }
            return sb.ToString();
        }

        // ---------------------------------------------------------------- assignable locations

        /// <summary>A readable and writable location, its sub-expressions (array, index, receiver) evaluated once.</summary>
        private readonly struct LValue
        {
            private readonly Func<object?> _get;
            private readonly Action<object?> _set;
            public LValue(Func<object?> get, Action<object?> set) { _get = get; _set = set; }
            public object? Get() => _get();
            public void Set(object? value) => _set(value);
        }

        private LValue ResolveLValue(IOperation target, Frame frame)
        {
            switch (target)
            {
                case ILocalReferenceOperation local:
                    if (local.Local.RefKind != RefKind.None) throw EvaluationException.Unsupported("ref local", target.Syntax);
                    return new LValue(
                        () => frame.Locals.TryGetValue(local.Local, out var v) ? v : null,
                        v => frame.Locals[local.Local] = v);
                case IParameterReferenceOperation parameter:
                    return new LValue(() => ReadParameter(parameter, frame), v => WriteParameter(parameter, frame, v));
                case IArrayElementReferenceOperation element:
                {
                    if (element.Indices.Length != 1) throw EvaluationException.Unsupported("multi-dimensional array", target.Syntax);
                    var array = Evaluate(element.ArrayReference, frame) as ArrayValue
                        ?? throw new NullReferenceException($"'{Describe(element.ArrayReference)}' is null");
                    var index = Arithmetic.ToInt64(Evaluate(element.Indices[0], frame));
                    return new LValue(() => array.Items[index], v => array.Items[index] = v);
                }
                case IPropertyReferenceOperation property when !property.Property.IsStatic && property.Arguments.IsEmpty:
                {
                    var record = Evaluate(property.Instance!, frame) as RecordValue
                        ?? throw EvaluationException.Unsupported("assignment", target.Syntax, $"'{property.Property.Name}' belongs to a value that is not a config record");
                    return new LValue(
                        () => ReadInstanceProperty(record, property.Property, target.Syntax),
                        v => WriteInstanceProperty(record, property.Property, v, target.Syntax));
                }
                case IFieldReferenceOperation field when !field.Field.IsStatic:
                {
                    var record = Evaluate(field.Instance!, frame) as RecordValue
                        ?? throw EvaluationException.Unsupported("assignment", target.Syntax, $"'{field.Field.Name}' belongs to a value that is not a config record");
                    return new LValue(() => ReadInstanceField(record, field.Field, target.Syntax), v => record.Set(field.Field.Name, v));
                }
                case IFieldReferenceOperation _:
                case IPropertyReferenceOperation _:
                    throw EvaluationException.Unsupported("assignment", target.Syntax, "static members cannot be assigned in a model definition");
                case IDiscardOperation _:
                    return new LValue(() => null, _ => { });
                case IInvalidOperation _:
                    throw EvaluationException.CompileError();
                default:
                    throw EvaluationException.Unsupported(ConstructName(target), target.Syntax);
            }
        }

        /// <summary>A readable name for an operation kind the evaluator does not support.</summary>
        internal static string ConstructName(IOperation operation)
        {
            switch (operation.Kind)
            {
                case OperationKind.AnonymousFunction:
                case OperationKind.DelegateCreation: return "lambda";
                case OperationKind.MethodReference: return "method group";
                case OperationKind.SwitchExpression: return "switch expression";
                case OperationKind.Switch: return "switch statement";
                case OperationKind.Try: return "try statement";
                case OperationKind.LocalFunction: return "local function";
                case OperationKind.Branch: return "goto";
                case OperationKind.Throw: return "throw";
                case OperationKind.TranslatedQuery: return "query expression";
                case OperationKind.Lock: return "lock statement";
                case OperationKind.IsPattern:
                case OperationKind.IsType: return "type or pattern test";
                case OperationKind.Tuple:
                case OperationKind.DeconstructionAssignment: return "tuple";
                case OperationKind.ConditionalAccess: return "null-conditional access";
                case OperationKind.Await: return "await";
                case OperationKind.YieldReturn:
                case OperationKind.YieldBreak: return "yield";
                case OperationKind.Labeled: return "label";
                case OperationKind.AnonymousObjectCreation: return "anonymous type";
                case OperationKind.TypeOf: return "typeof";
                case OperationKind.DeclarationExpression: return "out variable";
                case OperationKind.Binary:
                case OperationKind.CompoundAssignment: return "binary operator";
                case OperationKind.Unary: return "unary operator";
                case OperationKind.Increment:
                case OperationKind.Decrement: return "increment or decrement";
            }
            var name = operation.Kind.ToString();
            var sb = new StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i])) sb.Append(' ');
                sb.Append(char.ToLowerInvariant(name[i]));
            }
            return sb.ToString();
        }
    }
}
