using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators.Evaluation
{
    public sealed partial class DefinitionEvaluator
    {
        private Completion Execute(IOperation statement, Frame frame)
        {
            _ctx.CancellationToken.ThrowIfCancellationRequested();
            try
            {
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                return ExecuteCore(statement, frame);
            }
            catch (Exception e) when (!(e is EvaluationException) && !(e is OperationCanceledException))
            {
                throw Translate(e, statement);
            }
        }

        private Completion ExecuteCore(IOperation statement, Frame frame)
        {
            switch (statement)
            {
                case IBlockOperation block:
                    return ExecuteBlock(block.Operations, frame);
                case IVariableDeclarationGroupOperation group:
                    DeclareLocals(group, frame, null);
                    return Completion.Normal;
                case IUsingDeclarationOperation usingDeclaration:
                    if (usingDeclaration.IsAsynchronous) throw EvaluationException.Unsupported("await using", statement.Syntax);
                    if (frame.BlockDisposables.Count == 0) throw EvaluationException.Unsupported("using declaration outside a block", statement.Syntax);
                    DeclareLocals(usingDeclaration.DeclarationGroup, frame, frame.BlockDisposables.Peek());
                    return Completion.Normal;
                case IExpressionStatementOperation expression:
                    Evaluate(expression.Operation, frame);
                    return Completion.Normal;
                case IConditionalOperation conditional:
                    if (EvaluateCondition(conditional.Condition, frame)) return Execute(conditional.WhenTrue, frame);
                    return conditional.WhenFalse is null ? Completion.Normal : Execute(conditional.WhenFalse, frame);
                case IForLoopOperation forLoop:
                    return ExecuteFor(forLoop, frame);
                case IForEachLoopOperation forEachLoop:
                    return ExecuteForEach(forEachLoop, frame);
                case IWhileLoopOperation whileLoop:
                    return ExecuteWhile(whileLoop, frame);
                case IReturnOperation ret when ret.Kind == OperationKind.Return:
                    frame.ReturnValue = ret.ReturnedValue is null ? null : Evaluate(ret.ReturnedValue, frame);
                    return Completion.Return;
                case IBranchOperation branch when branch.BranchKind == BranchKind.Break:
                    return Completion.Break;
                case IBranchOperation branch when branch.BranchKind == BranchKind.Continue:
                    return Completion.Continue;
                case IUsingOperation usingStatement:
                    return ExecuteUsing(usingStatement, frame);
                case IEmptyOperation _:
                    return Completion.Normal;
                case IInvalidOperation _:
                    throw EvaluationException.CompileError();
                default:
                    throw EvaluationException.Unsupported(ConstructName(statement), statement.Syntax);
            }
        }

        /// <summary>Runs a block; <c>using var</c> declarations in it are disposed in reverse order when it exits, however it exits.</summary>
        private Completion ExecuteBlock(IEnumerable<IOperation> statements, Frame frame)
        {
            var disposables = new List<IDisposable>();
            frame.BlockDisposables.Push(disposables);
            try
            {
                foreach (var statement in statements)
                {
                    var completion = Execute(statement, frame);
                    if (completion != Completion.Normal) return completion;
                }
                return Completion.Normal;
            }
            finally
            {
                frame.BlockDisposables.Pop();
                DisposeAll(disposables);
            }
        }

        private void DeclareLocals(IVariableDeclarationGroupOperation group, Frame frame, List<IDisposable>? disposables)
        {
            foreach (var declaration in group.Declarations)
            {
                if (declaration.Initializer != null) throw EvaluationException.Unsupported("array dimension on a local", declaration.Syntax);
                foreach (var declarator in declaration.Declarators)
                {
                    if (declarator.Symbol.RefKind != RefKind.None) throw EvaluationException.Unsupported("ref local", declarator.Syntax);
                    var initializer = declarator.Initializer ?? declaration.Initializer;
                    object? value = initializer is null ? null : Evaluate(initializer.Value, frame);
                    frame.Locals[declarator.Symbol] = value;
                    if (disposables != null) AddDisposable(disposables, value, declarator.Syntax);
                }
            }
        }

        private static void AddDisposable(List<IDisposable> disposables, object? value, SyntaxNode at)
        {
            switch (value)
            {
                case null: return;
                case IDisposable disposable: disposables.Add(disposable); return;
                default: throw EvaluationException.Unsupported("using", at, "only DSL scopes (b.Part, b.Scope) can be disposed");
            }
        }

        private static void DisposeAll(List<IDisposable> disposables)
        {
            for (int i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
        }

        private Completion ExecuteUsing(IUsingOperation statement, Frame frame)
        {
            if (statement.IsAsynchronous) throw EvaluationException.Unsupported("await using", statement.Syntax);
            var disposables = new List<IDisposable>();
            try
            {
                if (statement.Resources is IVariableDeclarationGroupOperation group) DeclareLocals(group, frame, disposables);
                else if (statement.Resources != null) AddDisposable(disposables, Evaluate(statement.Resources, frame), statement.Resources.Syntax);
                return Execute(statement.Body, frame);
            }
            finally
            {
                DisposeAll(disposables);
            }
        }

        private Completion ExecuteFor(IForLoopOperation loop, Frame frame)
        {
            foreach (var before in loop.Before) Execute(before, frame);
            int iterations = 0;
            while (loop.Condition is null || EvaluateCondition(loop.Condition, frame))
            {
                CountIteration(ref iterations, loop);
                var completion = Execute(loop.Body, frame);
                if (completion == Completion.Break) break;
                if (completion == Completion.Return) return completion;
                foreach (var step in loop.AtLoopBottom) Execute(step, frame);
            }
            return Completion.Normal;
        }

        private Completion ExecuteForEach(IForEachLoopOperation loop, Frame frame)
        {
            if (loop.IsAsynchronous) throw EvaluationException.Unsupported("await foreach", loop.Syntax);
            if (!(loop.LoopControlVariable is IVariableDeclaratorOperation variable))
                throw EvaluationException.Unsupported("deconstruction in foreach", loop.LoopControlVariable.Syntax);
            var collection = Evaluate(loop.Collection, frame);
            Func<int, object?> item;
            int count;
            switch (collection)
            {
                case ArrayValue array:
                    item = i => array.Items[i];
                    count = array.Length;
                    break;
                case string text:
                    item = i => text[i];
                    count = text.Length;
                    break;
                case null:
                    throw new NullReferenceException($"'{Describe(loop.Collection)}' is null");
                default:
                    throw EvaluationException.Unsupported("foreach", loop.Collection.Syntax, $"only arrays and strings can be iterated, not {loop.Collection.Type?.ToDisplayString()}");
            }
            int iterations = 0;
            for (int i = 0; i < count; i++)
            {
                CountIteration(ref iterations, loop);
                frame.Locals[variable.Symbol] = Arithmetic.Convert(item(i), variable.Symbol.Type, isChecked: false);
                var completion = Execute(loop.Body, frame);
                if (completion == Completion.Break) break;
                if (completion == Completion.Return) return completion;
            }
            return Completion.Normal;
        }

        private Completion ExecuteWhile(IWhileLoopOperation loop, Frame frame)
        {
            int iterations = 0;
            bool first = true;
            while (true)
            {
                if ((loop.ConditionIsTop || !first) && loop.Condition != null &&
                    EvaluateCondition(loop.Condition, frame) == loop.ConditionIsUntil)
                    break;
                first = false;
                CountIteration(ref iterations, loop);
                var completion = Execute(loop.Body, frame);
                if (completion == Completion.Break) break;
                if (completion == Completion.Return) return completion;
            }
            return Completion.Normal;
        }

        private void CountIteration(ref int iterations, ILoopOperation loop)
        {
            _ctx.CancellationToken.ThrowIfCancellationRequested();
            iterations++;
            _ctx.TotalIterations++;
            if (iterations > EvalContext.MaxLoopIterations || _ctx.TotalIterations > EvalContext.MaxTotalIterations)
                throw new EvaluationException(DiagnosticCodes.UnsupportedConstruct,
                    $"loop did not terminate: more than {(iterations > EvalContext.MaxLoopIterations ? EvalContext.MaxLoopIterations : EvalContext.MaxTotalIterations)} iterations",
                    LoopHeader(loop.Syntax));
        }

        /// <summary>The loop keyword through the closing parenthesis of its header, rather than the whole loop.</summary>
        private static Location LoopHeader(SyntaxNode loop)
        {
            TextSpan span;
            switch (loop)
            {
                case ForStatementSyntax f: span = TextSpan.FromBounds(f.ForKeyword.SpanStart, f.CloseParenToken.Span.End); break;
                case CommonForEachStatementSyntax e: span = TextSpan.FromBounds(e.ForEachKeyword.SpanStart, e.CloseParenToken.Span.End); break;
                case WhileStatementSyntax w: span = TextSpan.FromBounds(w.WhileKeyword.SpanStart, w.CloseParenToken.Span.End); break;
                case DoStatementSyntax d: span = TextSpan.FromBounds(d.WhileKeyword.SpanStart, d.CloseParenToken.Span.End); break;
                default: return loop.GetLocation();
            }
            return Location.Create(loop.SyntaxTree, span);
        }

        private bool EvaluateCondition(IOperation condition, Frame frame) =>
            Evaluate(condition, frame) is bool b ? b : throw EvaluationException.Unsupported("non-boolean condition", condition.Syntax);
    }
}
