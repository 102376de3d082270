using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>One interpreted call: its method, arguments by parameter ordinal, locals, <c>this</c>, and the return value.</summary>
    internal sealed class Frame
    {
        public Frame(IMethodSymbol? method, object?[] arguments, object? @this)
        {
            Method = method; Arguments = arguments; This = @this;
        }

        public IMethodSymbol? Method { get; }
        public object?[] Arguments { get; }
        public object? This { get; }
        public Dictionary<ILocalSymbol, object?> Locals { get; } = new Dictionary<ILocalSymbol, object?>(SymbolEqualityComparer.Default);

        /// <summary>Objects being initialised by an object initializer or <c>with</c> (the implicit receiver), innermost on top.</summary>
        public Stack<object?> Receivers { get; } = new Stack<object?>();

        /// <summary>Disposables registered by <c>using var</c> in each enclosing block, innermost on top.</summary>
        public Stack<List<IDisposable>> BlockDisposables { get; } = new Stack<List<IDisposable>>();

        public object? ReturnValue { get; set; }
    }

    /// <summary>How a statement finished.</summary>
    internal enum Completion { Normal, Break, Continue, Return }
}
