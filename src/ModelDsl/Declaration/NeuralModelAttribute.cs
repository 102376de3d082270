using System;

namespace NeuralAudio.ModelDsl
{
    /// <summary>
    /// Marks a partial class as a NeuralAudio model declaration. The class holds one or more
    /// <see cref="VariantAttribute"/> members (config records) and one <see cref="ModelDefinitionAttribute"/>
    /// method that describes the network against an <see cref="IModelBuilder"/>.
    /// At build time the generator evaluates the definition for every variant and emits code from the result.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class NeuralModelAttribute : Attribute
    {
        public NeuralModelAttribute(string id) { Id = id; }

        /// <summary>Stable model id, used in checkpoints, manifests and on the command line.</summary>
        public string Id { get; }

        /// <summary>What the model is for; decides which cost figures apply.</summary>
        public ModelFamily Family { get; set; } = ModelFamily.Codec;
    }

    /// <summary>The kinds of model NeuralAudio knows how to train and deploy.</summary>
    public enum ModelFamily
    {
        /// <summary>Encoder, residual VQ and decoder; deployed encoder emits codes.</summary>
        Codec,
        /// <summary>Waveform in, class probabilities out.</summary>
        Classifier,
    }
}
