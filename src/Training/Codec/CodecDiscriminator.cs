using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// SoundStream's discriminators together: three wave discriminators (1x, 2x, 4x downsampled) and the STFT
/// discriminator. the width scales every channel count (1 = the paper: wave 16..1024, STFT C = 32), so
/// CPU runs can use a lighter adversary.
/// </summary>
public sealed class CodecDiscriminator : nn.Module<Tensor, IReadOnlyList<DiscriminatorOutput>>
{
    private readonly MultiScaleWaveDiscriminator wave;
    private readonly StftDiscriminator stft;

    /// <summary>Creates the discriminators at <paramref name="width"/> times the paper's channel counts.</summary>
    public CodecDiscriminator(double width = 1.0) : base(nameof(CodecDiscriminator))
    {
        if (width is <= 0 or > 4) throw new ArgumentOutOfRangeException(nameof(width), width, "width must lie in (0, 4]");
        int waveChannels = Math.Max(4, (int)Math.Round(16 * width / 4) * 4);
        int waveMax = Math.Max(waveChannels, (int)Math.Round(1024 * width / 4) * 4);
        int stftChannels = Math.Max(2, (int)Math.Round(32 * width));
        Width = width;
        wave = new MultiScaleWaveDiscriminator(waveChannels, waveMax);
        stft = new StftDiscriminator(stftChannels);
        RegisterComponents();
    }

    /// <summary>The channel scale this discriminator was built with.</summary>
    public double Width { get; }

    /// <summary>Four outputs: wave 1x, 2x, 4x, then STFT.</summary>
    public override IReadOnlyList<DiscriminatorOutput> forward(Tensor audio)
    {
        var outputs = new List<DiscriminatorOutput>(wave.call(audio)) { stft.call(audio) };
        return outputs;
    }
}
