namespace NeuralAudio.Runtime.Deploy;

/// <summary>A streaming int8 encoder: PCM in, hop by hop, residual-VQ codes out, state kept between calls.</summary>
public interface IInt8Encoder
{
    /// <summary>Input samples per frame; <see cref="Push"/> takes any multiple of it.</summary>
    int HopSamples { get; }

    /// <summary>Codes per frame (residual-VQ stages).</summary>
    int Quantizers { get; }

    /// <summary>Starts a new stream: every causal conv's past input becomes the input zero point (real 0).</summary>
    void Reset();

    /// <summary>
    /// Encodes <paramref name="pcm"/> (a multiple of <see cref="HopSamples"/> samples) frame by frame; writes
    /// frames x <see cref="Quantizers"/> codes to <paramref name="codes"/>, frame-major, and returns the frames.
    /// </summary>
    int Push(ReadOnlySpan<short> pcm, Span<ushort> codes);
}
