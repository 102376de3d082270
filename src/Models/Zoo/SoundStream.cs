using NeuralAudio.ModelDsl;
using NeuralAudio.Models.Blocks;

namespace NeuralAudio.Models;

/// <summary>
/// SoundStream: causal conv encoder (strides 2,4,5,8; residual units with dilations 1,3,9; ELU; no normalisation),
/// residual VQ, mirror decoder with transposed convs. Presets from the seed configuration.
/// </summary>
[NeuralModel("soundstream", Family = ModelFamily.Codec)]
public static partial class SoundStream
{
    [Variant("tiny")] public static readonly SoundStreamConfig Tiny = new(C: 16, D: 256);
    [Variant("small")] public static readonly SoundStreamConfig Small = new(C: 16, D: 512);
    [Variant("base")] public static readonly SoundStreamConfig Base = new(C: 32, D: 512);

    [ModelDefinition]
    public static void Define(IModelBuilder b, SoundStreamConfig c)
    {
        CodecBlocks.Codec(b, c.SampleRate, c.C, c.D, c.Strides, c.Quantizers, c.CodebookSize, separable: false, frames: c.Frames);
    }
}
