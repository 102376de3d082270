using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>
    /// State shared by every evaluation inside one generator transform: the compilation and its semantic models,
    /// memoised static members (a static readonly field is evaluated once, like a type initializer), limits, and the
    /// cancellation token.
    /// </summary>
    public sealed class EvalContext
    {
        /// <summary>Iterations one loop may run before it is reported as not terminating.</summary>
        public const int MaxLoopIterations = 100_000;

        /// <summary>Loop iterations one variant may run in total (nested loops).</summary>
        public const int MaxTotalIterations = 2_000_000;

        /// <summary>Nesting depth of interpreted calls (helpers, getters, constructors).</summary>
        public const int MaxCallDepth = 64;

        private readonly Dictionary<SyntaxTree, SemanticModel> _models = new Dictionary<SyntaxTree, SemanticModel>();
        private readonly Dictionary<ISymbol, StaticSlot> _statics = new Dictionary<ISymbol, StaticSlot>(SymbolEqualityComparer.Default);

        public EvalContext(Compilation compilation, CancellationToken cancellationToken, SemanticModel? known = null)
        {
            Compilation = compilation;
            CancellationToken = cancellationToken;
            if (known != null) _models[known.SyntaxTree] = known;
        }

        public Compilation Compilation { get; }
        public CancellationToken CancellationToken { get; }
        public DslCallInvoker Dsl { get; } = new DslCallInvoker();

        /// <summary>Current interpreted call depth.</summary>
        public int Depth { get; set; }

        /// <summary>Loop iterations run so far by the current variant.</summary>
        public int TotalIterations { get; set; }

        public SemanticModel GetSemanticModel(SyntaxTree tree)
        {
            if (!_models.TryGetValue(tree, out var model))
            {
                model = Compilation.GetSemanticModel(tree);
                _models[tree] = model;
            }
            return model;
        }

        internal bool TryGetStatic(ISymbol symbol, out StaticSlot slot) => _statics.TryGetValue(symbol, out slot!);

        internal void SetStatic(ISymbol symbol, StaticSlot slot) => _statics[symbol] = slot;
    }

    /// <summary>A memoised static member: being evaluated (a cycle), done with a value, or failed with an error.</summary>
    internal sealed class StaticSlot
    {
        public bool InProgress;
        public object? Value;
        public EvaluationException? Error;
    }
}
