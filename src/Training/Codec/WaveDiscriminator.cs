using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// One scale of SoundStream's wave discriminator, MelGAN style: an initial conv (k15), four grouped strided convs
/// (k41, stride 4, 4 input channels per group, channels x4 up to a cap), then two convs (k5, then k3 to one logit
/// channel), LeakyReLU(0.2) between layers. 16 channels capped at 1024
/// is MelGAN's size.
/// </summary>
public sealed class WaveDiscriminator : nn.Module<Tensor, DiscriminatorOutput>
{
    private readonly ModuleList<Conv1d> layers;
    private readonly Conv1d output;

    /// <summary>Creates the layers.</summary>
    public WaveDiscriminator(int channels = 16, int maxChannels = 1024) : base(nameof(WaveDiscriminator))
    {
        if (channels < 4 || channels % 4 != 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be a positive multiple of 4");
        var list = new List<Conv1d> { nn.Conv1d(1, channels, 15, padding: 7) };
        int c = channels;
        for (int i = 0; i < 4; i++)
        {
            int next = Math.Min(c * 4, maxChannels);
            list.Add(nn.Conv1d(c, next, 41, stride: 4, padding: 20, groups: c / 4));
            c = next;
        }
        list.Add(nn.Conv1d(c, c, 5, padding: 2));
        layers = nn.ModuleList(list.ToArray());
        output = nn.Conv1d(c, 1, 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>Logits (B, 1, T') and feature maps for audio (B, 1, T).</summary>
    public override DiscriminatorOutput forward(Tensor audio)
    {
        var features = new List<Tensor>();
        var x = audio;
        foreach (var layer in layers)
        {
            x = layer.call(x).leaky_relu(TrainingScalars.Of(0.2));
            features.Add(x);
        }
        return new DiscriminatorOutput(output.call(x), features);
    }
}
