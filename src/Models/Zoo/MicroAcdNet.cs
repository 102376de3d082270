using NeuralAudio.ModelDsl;
using NeuralAudio.Models.Blocks;

namespace NeuralAudio.Models;

/// <summary>Micro-ACDNet, ACDNet compressed to 0.13 M parameters for microcontrollers.</summary>
[NeuralModel("micro-acdnet", Family = ModelFamily.Classifier)]
public static partial class MicroAcdNet
{
    [Variant("esc50")] public static readonly AcdNetConfig Esc50 = new(new[] { 7, 20, 10, 14, 22, 31, 35, 41, 51, 67, 69, 48 }, NumClasses: 50);
    [Variant("esc10")] public static readonly AcdNetConfig Esc10 = Esc50 with { NumClasses = 10 };

    [ModelDefinition]
    public static void Define(IModelBuilder b, AcdNetConfig c)
    {
        AcdNetBlocks.Classifier(b, c.Channels, c.NumClasses, c.SampleRate, c.InputLength);
    }
}
