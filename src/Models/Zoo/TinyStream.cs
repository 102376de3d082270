using NeuralAudio.ModelDsl;
using NeuralAudio.Models.Blocks;

namespace NeuralAudio.Models;

/// <summary>
/// TinyStream: the SoundStream layout with depthwise-separable residual units and strided convs, so the encoder
/// fits an ESP32-S3. The mirror decoder (transposed convs) runs only in training and on the server.
/// </summary>
[NeuralModel("tinystream", Family = ModelFamily.Codec)]
public static partial class TinyStream
{
    [Variant("ultra_tiny")] public static readonly TinyStreamConfig UltraTiny = new(C: 4, D: 64, Quantizers: 2, CodebookSize: 256);
    [Variant("tiny")] public static readonly TinyStreamConfig Tiny = new(C: 8, D: 128, Quantizers: 4, CodebookSize: 512);
    [Variant("small")] public static readonly TinyStreamConfig Small = new(C: 12, D: 128, Quantizers: 4, CodebookSize: 1024);
    [Variant("medium")] public static readonly TinyStreamConfig Medium = new(C: 16, D: 128, Quantizers: 5, CodebookSize: 1024);
    [Variant("full")] public static readonly TinyStreamConfig Full = new(C: 16, D: 128, Quantizers: 6, CodebookSize: 1024);

    [ModelDefinition]
    public static void Define(IModelBuilder b, TinyStreamConfig c)
    {
        CodecBlocks.Codec(b, c.SampleRate, c.C, c.D, c.Strides, c.Quantizers, c.CodebookSize, separable: true, frames: c.Frames);
    }
}
