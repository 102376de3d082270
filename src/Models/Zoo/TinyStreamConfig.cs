namespace NeuralAudio.Models;

/// <summary>
/// TinyStream: SoundStream shrunk for the ESP32-S3. 16 kHz, strides 4,4,4,4 (256 samples, 62.5 Hz frames),
/// depthwise-separable residual units.
/// </summary>
public sealed record TinyStreamConfig(int C, int D, int Quantizers, int CodebookSize, int SampleRate = 16000)
{
    public int[] Strides => new[] { 4, 4, 4, 4 };

    /// <summary>Frames in the graph's reference input (1.024 s at 16 kHz).</summary>
    public int Frames => 64;
}
