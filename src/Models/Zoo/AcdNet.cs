using NeuralAudio.ModelDsl;
using NeuralAudio.Models.Blocks;

namespace NeuralAudio.Models;

/// <summary>ACDNet, the full raw-waveform environmental sound classifier (4.7 M parameters on ESC-50).</summary>
[NeuralModel("acdnet", Family = ModelFamily.Classifier)]
public static partial class AcdNet
{
    /// <summary>The last channel entry is the class count, as in the reference.</summary>
    [Variant("esc50")] public static readonly AcdNetConfig Esc50 = new(new[] { 8, 64, 32, 64, 64, 128, 128, 256, 256, 512, 512, 50 }, NumClasses: 50);
    [Variant("esc10")] public static readonly AcdNetConfig Esc10 = new(new[] { 8, 64, 32, 64, 64, 128, 128, 256, 256, 512, 512, 10 }, NumClasses: 10);

    [ModelDefinition]
    public static void Define(IModelBuilder b, AcdNetConfig c)
    {
        AcdNetBlocks.Classifier(b, c.Channels, c.NumClasses, c.SampleRate, c.InputLength);
    }
}
