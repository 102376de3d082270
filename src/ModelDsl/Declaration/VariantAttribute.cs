using System;

namespace NeuralAudio.ModelDsl
{
    /// <summary>
    /// Marks a static field or property of a <see cref="NeuralModelAttribute"/> class as a named variant.
    /// Its initializer must be a compile-time evaluable config record, e.g.
    /// <c>new TinyStreamConfig(C: 8, D: 128, Quantizers: 4, CodebookSize: 512)</c> or <c>Tiny with { C = 10 }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
    public sealed class VariantAttribute : Attribute
    {
        public VariantAttribute(string name) { Name = name; }

        /// <summary>Variant name as users type it (<c>ultra_tiny</c>, <c>esc50</c>).</summary>
        public string Name { get; }
    }

    /// <summary>
    /// Marks the static method <c>void Define(IModelBuilder b, TConfig config)</c> that declares the network.
    /// The generator evaluates it at compile time; <see cref="GraphBuilder"/> runs it at run time.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    public sealed class ModelDefinitionAttribute : Attribute
    {
    }
}
