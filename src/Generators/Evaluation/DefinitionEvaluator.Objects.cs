using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace NeuralAudio.Generators.Evaluation
{
    public sealed partial class DefinitionEvaluator
    {
        /// <summary>
        /// <c>new T(args) { X = ... }</c> for a class or record declared in source: storage set to defaults, the
        /// constructor run (positional parameters to properties, member initializers in declaration order, explicit
        /// bodies and <c>this(...)</c> chains interpreted), then the object initializer applied.
        /// </summary>
        private object? CreateObject(IObjectCreationOperation creation, Frame frame)
        {
            if (!(creation.Type is INamedTypeSymbol type) || creation.Constructor is null) throw EvaluationException.CompileError();
            CheckModelledType(type, creation.Syntax);
            var arguments = EvaluateArguments(creation.Arguments, creation.Constructor.Parameters.Length, frame);
            var record = new RecordValue(type);
            foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsStatic || field.IsConst) continue;
                record.Set(field.AssociatedSymbol?.Name ?? field.Name, Arithmetic.Default(field.Type));
            }
            RunConstructor(record, creation.Constructor, arguments, creation.Syntax);
            if (creation.Initializer != null) ApplyInitializer(record, creation.Initializer, frame);
            return record;
        }

        /// <summary>Only plain classes and records declared in source, without a base class, are modelled.</summary>
        private static void CheckModelledType(INamedTypeSymbol type, SyntaxNode at)
        {
            if (type.DeclaringSyntaxReferences.IsEmpty || DslCallInvoker.IsDslType(type))
                throw EvaluationException.Unsupported("object creation", at, $"{type.ToDisplayString()} is not a class or record declared in source");
            if (type.TypeKind != TypeKind.Class)
                throw EvaluationException.Unsupported(type.TypeKind.ToString().ToLowerInvariant(), at, $"{type.Name} must be a class or record");
            if (type.BaseType != null && type.BaseType.SpecialType != SpecialType.System_Object)
                throw EvaluationException.Unsupported("inheritance", at, $"{type.Name} derives from {type.BaseType.Name}");
        }

        private void RunConstructor(RecordValue record, IMethodSymbol constructor, object?[] arguments, SyntaxNode at)
        {
            if (_ctx.Depth >= EvalContext.MaxCallDepth)
                throw EvaluationException.Unsupported("recursion", at, $"calls nested more than {EvalContext.MaxCallDepth} deep");
            _ctx.Depth++;
            try
            {
                var syntax = constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_ctx.CancellationToken);
                var frame = new Frame(constructor, arguments, record);
                switch (syntax)
                {
                    case null:
                        // The implicit parameterless constructor: member initializers only.
                        RunInitializers(record, frame, primary: false);
                        return;
                    case TypeDeclarationSyntax _:
                        // A primary constructor: parameters are captured (classes) or become properties (records).
                        foreach (var parameter in constructor.Parameters)
                            record.CapturedParameters[parameter.Name] = arguments[parameter.Ordinal];
                        RunInitializers(record, frame, primary: true);
                        return;
                    case ConstructorDeclarationSyntax declaration:
                        var model = _ctx.GetSemanticModel(declaration.SyntaxTree);
                        if (!(model.GetOperation(declaration, _ctx.CancellationToken) is IConstructorBodyOperation body))
                            throw EvaluationException.CompileError();
                        var chained = (body.Initializer as IExpressionStatementOperation)?.Operation as IInvocationOperation
                                      ?? body.Initializer as IInvocationOperation;
                        if (chained != null && SymbolEqualityComparer.Default.Equals(chained.TargetMethod.ContainingType, constructor.ContainingType))
                        {
                            var chainedArguments = EvaluateArguments(chained.Arguments, chained.TargetMethod.Parameters.Length, frame);
                            RunConstructor(record, chained.TargetMethod, chainedArguments, chained.Syntax);
                        }
                        else
                        {
                            RunInitializers(record, new Frame(constructor, arguments, record), primary: false);
                        }
                        var block = body.BlockBody ?? body.ExpressionBody;
                        if (block != null) Execute(block, frame);
                        return;
                    default:
                        throw EvaluationException.Unsupported("constructor", at, $"the constructor of {record.Type.Name} has no body in source");
                }
            }
            finally
            {
                _ctx.Depth--;
            }
        }

        /// <summary>
        /// Positional record parameters set their properties, then instance field and property initializers run in
        /// declaration order, with primary-constructor parameters in scope.
        /// </summary>
        private void RunInitializers(RecordValue record, Frame frame, bool primary)
        {
            var type = record.Type;
            if (primary && frame.Method != null)
            {
                foreach (var parameter in frame.Method.Parameters)
                {
                    var property = type.GetMembers(parameter.Name).OfType<IPropertySymbol>().FirstOrDefault();
                    if (property != null && property.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_ctx.CancellationToken) is ParameterSyntax))
                        record.Set(parameter.Name, frame.Arguments[parameter.Ordinal]);
                }
            }
            foreach (var reference in type.OriginalDefinition.DeclaringSyntaxReferences)
            {
                if (!(reference.GetSyntax(_ctx.CancellationToken) is TypeDeclarationSyntax declaration)) continue;
                var model = _ctx.GetSemanticModel(declaration.SyntaxTree);
                foreach (var member in declaration.Members)
                {
                    switch (member)
                    {
                        case FieldDeclarationSyntax field:
                            foreach (var variable in field.Declaration.Variables)
                            {
                                if (variable.Initializer is null) continue;
                                if (!(model.GetOperation(variable.Initializer, _ctx.CancellationToken) is IFieldInitializerOperation fieldInit))
                                    throw EvaluationException.CompileError();
                                if (fieldInit.InitializedFields.Any(f => f.IsStatic || f.IsConst)) continue;
                                var value = Evaluate(fieldInit.Value, frame);
                                foreach (var f in fieldInit.InitializedFields) record.Set(f.Name, value);
                            }
                            break;
                        case PropertyDeclarationSyntax property when property.Initializer != null:
                            if (!(model.GetOperation(property.Initializer, _ctx.CancellationToken) is IPropertyInitializerOperation propertyInit))
                                throw EvaluationException.CompileError();
                            if (propertyInit.InitializedProperties.Any(p => p.IsStatic)) continue;
                            var propertyValue = Evaluate(propertyInit.Value, frame);
                            foreach (var p in propertyInit.InitializedProperties) record.Set(p.Name, propertyValue);
                            break;
                    }
                }
            }
        }

        private void ApplyInitializer(RecordValue target, IObjectOrCollectionInitializerOperation initializer, Frame frame)
        {
            frame.Receivers.Push(target);
            try
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation) Evaluate(member, frame);
                    else if (member is IMemberInitializerOperation) throw EvaluationException.Unsupported("nested object initializer", member.Syntax);
                    else throw EvaluationException.Unsupported("collection initializer", member.Syntax);
                }
            }
            finally
            {
                frame.Receivers.Pop();
            }
        }

        /// <summary><c>record with { X = ... }</c>: a copy of the stored members (computed properties follow the new values), then the assignments.</summary>
        private object? With(IWithOperation with, Frame frame)
        {
            var operand = Evaluate(with.Operand, frame);
            switch (operand)
            {
                case RecordValue record:
                    var copy = record.Clone();
                    ApplyInitializer(copy, with.Initializer, frame);
                    return copy;
                case null:
                    throw new NullReferenceException($"'{Describe(with.Operand)}' is null");
                default:
                    throw EvaluationException.Unsupported("with expression", with.Syntax, $"{with.Operand.Type?.ToDisplayString()} is not a record declared in source");
            }
        }
    }
}
