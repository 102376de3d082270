using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace NeuralAudio.Generators.Evaluation
{
    /// <summary>
    /// An instance of a source-declared class or record (a config record, usually) as the interpreter sees it: its
    /// type and its stored members (fields and auto-property backing storage) by name, in declaration order.
    /// Computed properties are not stored; they are interpreted from source on each read, like at run time.
    /// Reference semantics, like the class it stands for; <c>with</c> works on a <see cref="Clone"/>.
    /// </summary>
    public sealed class RecordValue
    {
        private readonly List<string> _order = new List<string>();
        private readonly Dictionary<string, object?> _values = new Dictionary<string, object?>();

        public RecordValue(INamedTypeSymbol type) { Type = type; }

        public INamedTypeSymbol Type { get; }

        /// <summary>Primary-constructor parameters captured by a (non-record) class with a primary constructor.</summary>
        public Dictionary<string, object?> CapturedParameters { get; } = new Dictionary<string, object?>();

        /// <summary>Stored members in declaration order.</summary>
        public IEnumerable<KeyValuePair<string, object?>> Members
        {
            get { foreach (var name in _order) yield return new KeyValuePair<string, object?>(name, _values[name]); }
        }

        public bool HasMember(string name) => _values.ContainsKey(name);

        public bool TryGet(string name, out object? value) => _values.TryGetValue(name, out value);

        public void Set(string name, object? value)
        {
            if (!_values.ContainsKey(name)) _order.Add(name);
            _values[name] = value;
        }

        public RecordValue Clone()
        {
            var copy = new RecordValue(Type);
            foreach (var name in _order) copy.Set(name, _values[name]);
            foreach (var p in CapturedParameters) copy.CapturedParameters[p.Key] = p.Value;
            return copy;
        }

        public override string ToString() => Type.Name + " { " + string.Join(", ", FormatMembers()) + " }";

        private IEnumerable<string> FormatMembers()
        {
            foreach (var m in Members) yield return m.Key + " = " + (m.Value ?? "null");
        }
    }
}
