namespace NeuralAudio.Models;

/// <summary>
/// SoundStream (Zeghidour et al., arXiv 2107.03312): encoder width <paramref name="C"/>, embedding
/// <paramref name="D"/>, <paramref name="Quantizers"/> RVQ stages of <paramref name="CodebookSize"/> codes.
/// </summary>
public sealed record SoundStreamConfig(int C, int D, int Quantizers = 8, int CodebookSize = 1024, int SampleRate = 24000)
{
    /// <summary>Encoder strides; 2*4*5*8 = 320 samples per frame, 75 Hz at 24 kHz.</summary>
    public int[] Strides => new[] { 2, 4, 5, 8 };

    /// <summary>Frames in the graph's reference input (costs are reported per second and per frame).</summary>
    public int Frames => 75;
}
