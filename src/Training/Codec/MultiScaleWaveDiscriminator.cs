using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// SoundStream's wave discriminators at three resolutions: the audio itself, then 2x and 4x downsampled by average
/// pooling (kernel 4, stride 2), each seen by its own <see cref="WaveDiscriminator"/>.
/// </summary>
public sealed class MultiScaleWaveDiscriminator : nn.Module<Tensor, IReadOnlyList<DiscriminatorOutput>>
{
    private readonly ModuleList<WaveDiscriminator> scales;

    /// <summary>Creates <paramref name="scaleCount"/> scales of the given width.</summary>
    public MultiScaleWaveDiscriminator(int channels = 16, int maxChannels = 1024, int scaleCount = 3) : base(nameof(MultiScaleWaveDiscriminator))
    {
        scales = nn.ModuleList(Enumerable.Range(0, scaleCount).Select(_ => new WaveDiscriminator(channels, maxChannels)).ToArray());
        RegisterComponents();
    }

    /// <summary>One output per scale, finest first.</summary>
    public override IReadOnlyList<DiscriminatorOutput> forward(Tensor audio)
    {
        var outputs = new List<DiscriminatorOutput>();
        var x = audio;
        for (int i = 0; i < scales.Count; i++)
        {
            if (i > 0) x = nn.functional.avg_pool1d(x, 4, stride: 2, padding: 1, count_include_pad: false);
            outputs.Add(scales[i].call(x));
        }
        return outputs;
    }
}
