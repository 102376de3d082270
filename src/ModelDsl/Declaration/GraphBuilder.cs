using System;
using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl
{
    /// <summary>
    /// Records a model definition into a <see cref="Graph"/>. The generator drives one of these while it evaluates a
    /// definition at compile time; <see cref="Build"/> runs the same definition as ordinary code at run time.
    /// </summary>
    public sealed class GraphBuilder : IModelBuilder
    {
        private readonly List<Node> _nodes = new List<Node>();
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _identifiers = new HashSet<string>(StringComparer.Ordinal);
        private readonly Stack<string> _scopes = new Stack<string>();
        private readonly Dictionary<string, int> _counters = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly string _defaultPart;
        private string _part;
        private int? _output;

        public GraphBuilder(string modelId, string variant, ModelFamily family)
        {
            ModelId = modelId; Variant = variant; Family = family;
            _defaultPart = family == ModelFamily.Classifier ? "classifier" : "model";
            _part = _defaultPart;
        }

        public string ModelId { get; }
        public string Variant { get; }
        public ModelFamily Family { get; }

        /// <summary>Runs <paramref name="define"/> against a fresh builder and returns the finished graph.</summary>
        public static Graph Build(string modelId, string variant, ModelFamily family, Action<IModelBuilder> define)
        {
            var builder = new GraphBuilder(modelId, variant, family);
            define(builder);
            return builder.Finish();
        }

        public TensorRef Input(int channels, int length, int sampleRate) =>
            AddInput(new InputOp(new[] { channels, length }, sampleRate));

        public TensorRef Input2d(int channels, int height, int width, int sampleRate) =>
            AddInput(new InputOp(new[] { channels, height, width }, sampleRate));

        private TensorRef AddInput(InputOp op)
        {
            if (_nodes.Any(n => n.Op is InputOp))
                throw new DslException(DiagnosticCodes.InvalidDeclaration, "a model has exactly one input; Input was called twice");
            return Append(op, "input", Array.Empty<TensorRef>());
        }

        public void Output(TensorRef x)
        {
            Own(x);
            if (_output.HasValue)
                throw new DslException(DiagnosticCodes.InvalidDeclaration, "Output was called twice");
            _output = x.NodeId;
        }

        public IDisposable Part(string name)
        {
            var previous = _part;
            _part = name;
            var scope = Scope(name);
            return new Restore(() => { scope.Dispose(); _part = previous; });
        }

        public IDisposable Scope(string name)
        {
            CheckNamePart("scope", name);
            _scopes.Push(name);
            return new Restore(() => _scopes.Pop());
        }

        /// <summary>Checks the definition is complete and returns the graph.</summary>
        public Graph Finish()
        {
            if (!_nodes.Any(n => n.Op is InputOp))
                throw new DslException(DiagnosticCodes.InvalidDeclaration, "the definition never calls Input");
            if (!_output.HasValue)
                throw new DslException(DiagnosticCodes.InvalidDeclaration, "the definition never calls Output");
            return new Graph(ModelId, Variant, Family, _nodes.ToList(), _output.Value);
        }

        internal TensorRef Add(Op op, string? name, params TensorRef[] inputs)
        {
            foreach (var x in inputs) Own(x);
            return Append(op, name, inputs);
        }

        private TensorRef Append(Op op, string? name, TensorRef[] inputs)
        {
            var shapes = inputs.Select(i => _nodes[i.NodeId].Shape).ToList();
            var shape = op.InferShape(shapes);
            var fullName = UniqueName(name ?? op.Kind, explicitName: name != null);
            var node = new Node(_nodes.Count, fullName, op is InputOp ? "input" : _part, op,
                inputs.Select(i => i.NodeId).ToArray(), shape);
            _nodes.Add(node);
            return new TensorRef(this, node.Id, shape);
        }

        /// <summary>Explicit names are used as given; default names get a per-scope counter (conv0, conv1, ...).</summary>
        private string UniqueName(string stem, bool explicitName)
        {
            var prefix = string.Join(".", _scopes.Reverse());
            string Qualify(string leaf) => prefix.Length == 0 ? leaf : prefix + "." + leaf;
            string full;
            if (explicitName)
            {
                CheckNamePart("node", stem);
                full = Qualify(stem);
                if (!_names.Add(full) || !_identifiers.Add(full.Replace('.', '_')))
                    throw new DslException(DiagnosticCodes.InvalidArgument,
                        $"the name '{full}' is used twice (names must stay unique once dots become underscores)");
                return full;
            }
            var key = prefix + "|" + stem;
            do
            {
                _counters.TryGetValue(key, out var n);
                _counters[key] = n + 1;
                full = Qualify(stem + n);
            } while (_names.Contains(full) || _identifiers.Contains(full.Replace('.', '_')));
            _names.Add(full);
            _identifiers.Add(full.Replace('.', '_'));
            return full;
        }

        /// <summary>Names become C# and C identifiers (dots turn into underscores), so they must be identifier-shaped.</summary>
        private static void CheckNamePart(string what, string name)
        {
            bool ok = !string.IsNullOrEmpty(name) && (char.IsLetter(name[0]) || name[0] == '_');
            foreach (var ch in name ?? "")
                ok &= ch < 128 && (char.IsLetterOrDigit(ch) || ch == '_');
            if (!ok)
                throw new DslException(DiagnosticCodes.InvalidArgument,
                    $"{what} name '{name}' must be an identifier: an ASCII letter or '_' followed by letters, digits or '_'");
        }

        private void Own(TensorRef x)
        {
            if (!ReferenceEquals(x.Builder, this))
                throw new DslException(DiagnosticCodes.InvalidArgument, "a tensor from another model definition was used");
        }

        private sealed class Restore : IDisposable
        {
            private Action? _undo;
            public Restore(Action undo) { _undo = undo; }
            public void Dispose() { _undo?.Invoke(); _undo = null; }
        }
    }
}
