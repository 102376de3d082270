using System;

namespace NeuralAudio.ModelDsl
{
    /// <summary>
    /// What a model definition method writes against. Ops hang off <see cref="TensorRef"/> (fluent:
    /// <c>x.Conv1d(16, 7).Elu()</c>); the builder holds the graph-level calls.
    /// </summary>
    public interface IModelBuilder
    {
        /// <summary>The audio input, (channels, samples) at <paramref name="sampleRate"/>.</summary>
        TensorRef Input(int channels, int length, int sampleRate);

        /// <summary>A 2-D input (channels, height, width); ACDNet takes (1, 1, 30225).</summary>
        TensorRef Input2d(int channels, int height, int width, int sampleRate);

        /// <summary>Marks the model output.</summary>
        void Output(TensorRef x);

        /// <summary>Ops created until disposal belong to part <paramref name="name"/> (encoder, quantizer, decoder, classifier) and are named under it.</summary>
        IDisposable Part(string name);

        /// <summary>Ops created until disposal are named under <paramref name="name"/> (e.g. <c>block2.res1.conv0</c>).</summary>
        IDisposable Scope(string name);
    }
}
