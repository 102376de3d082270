using System;

namespace NeuralAudio.ModelDsl
{
    /// <summary>
    /// A bad declaration found while building the graph. The generator turns it into the diagnostic
    /// <see cref="Code"/> at the DSL call that raised it; at run time it surfaces as a normal exception.
    /// </summary>
    public sealed class DslException : Exception
    {
        public DslException(string code, string message) : base(message) { Code = code; }

        /// <summary>The diagnostic id, one of <see cref="DiagnosticCodes"/>.</summary>
        public string Code { get; }
    }
}
