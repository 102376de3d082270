using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NeuralAudio.Generators.Model;

namespace NeuralAudio.Generators
{
    /// <summary>
    /// Gathers the diagnostics of one model class. The same error hit by several variants (same id, location and
    /// message) is reported once, naming the variants it concerns.
    /// </summary>
    internal sealed class DiagnosticCollector
    {
        private readonly List<(string Id, string Message, LocationInfo? Location)> _order = new List<(string, string, LocationInfo?)>();
        private readonly Dictionary<(string, string, LocationInfo?), List<string>> _variants = new Dictionary<(string, string, LocationInfo?), List<string>>();

        public void Add(string id, string message, Location? location, string? variant = null)
        {
            var key = (id, message, LocationInfo.From(location));
            if (!_variants.TryGetValue(key, out var variants))
            {
                variants = new List<string>();
                _variants[key] = variants;
                _order.Add(key);
            }
            if (variant != null && !variants.Contains(variant)) variants.Add(variant);
        }

        public EquatableArray<DiagnosticInfo> ToArray() =>
            new EquatableArray<DiagnosticInfo>(_order.Select(key =>
            {
                var variants = _variants[key];
                var suffix = variants.Count == 0 ? ""
                    : variants.Count == 1 ? $" (variant '{variants[0]}')"
                    : " (variants " + string.Join(", ", variants.Select(v => "'" + v + "'")) + ")";
                return new DiagnosticInfo(key.Id, key.Message + suffix, key.Location);
            }).ToArray());
    }
}
