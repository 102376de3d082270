namespace NeuralAudio.Runtime.Deploy;

/// <summary>An int8 classifier over one fixed-length window of PCM.</summary>
public interface IInt8Classifier
{
    /// <summary>Samples of the window <see cref="Run"/> classifies.</summary>
    int InputSamples { get; }

    /// <summary>Number of class scores.</summary>
    int Classes { get; }

    /// <summary>Writes <see cref="Classes"/> int8 probabilities (scale 1/256, zero point -128) for <see cref="InputSamples"/> samples.</summary>
    void Run(ReadOnlySpan<short> pcm, Span<sbyte> scores);
}
