using Microsoft.CodeAnalysis;

namespace NeuralAudio.Generators.Model
{
    /// <summary>A diagnostic to report, held as plain values (id, final message, location) so it can be cached.</summary>
    public sealed record DiagnosticInfo(string Id, string Message, LocationInfo? Location)
    {
        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(DiagnosticDescriptors.ForId(Id), Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Message);
    }
}
