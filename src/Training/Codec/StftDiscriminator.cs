using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// SoundStream's STFT discriminator: the complex STFT (window 1024, hop 256) as two channels (real, imaginary) over
/// (time, frequency); a 7x7 conv to C channels; six residual blocks, each a 3x3 conv then a (st+2)x(sf+2) conv with
/// strides (st, sf) alternating (1,2) and (2,2) (channels C, 2C, 4C, 4C, 8C, 8C times 1,2,1,2,1,2, ending at 16C); a
/// final conv across the remaining frequency bins gives one logit per time position.
/// </summary>
public sealed class StftDiscriminator : nn.Module<Tensor, DiscriminatorOutput>
{
    private readonly Conv2d input;
    private readonly ModuleList<StftResidualBlock> blocks;
    private readonly Conv2d output;
    private readonly Tensor window;
    private readonly int windowLength;
    private readonly int hop;

    /// <summary>Creates the layers for a window of <paramref name="windowLength"/> samples and <paramref name="channels"/> = C.</summary>
    public StftDiscriminator(int channels = 32, int windowLength = 1024, int hop = 256) : base(nameof(StftDiscriminator))
    {
        this.windowLength = windowLength; this.hop = hop;
        input = nn.Conv2d(2, channels, (7, 7), padding: (3, 3));
        // (input channels, block width N, multiplier m, time stride): output channels m*N.
        var spec = new (int In, int N, int M, int TimeStride)[]
        {
            (channels, channels, 2, 1), (2 * channels, 2 * channels, 2, 2), (4 * channels, 4 * channels, 1, 1),
            (4 * channels, 4 * channels, 2, 2), (8 * channels, 8 * channels, 1, 1), (8 * channels, 8 * channels, 2, 2),
        };
        blocks = nn.ModuleList(spec.Select(s => new StftResidualBlock(s.In, s.N, s.M * s.N, s.TimeStride, 2)).ToArray());
        long bins = windowLength / 2 + 1;
        foreach (var _ in spec) bins = (bins + 2 - 4) / 2 + 1; // kernel 4, stride 2, padding 1 along frequency
        output = nn.Conv2d(16 * channels, 1, (1, bins));
        window = hann_window(windowLength);
        register_buffer("window", window, persistent: false);
        RegisterComponents();
    }

    /// <summary>Logits (B, 1, T', 1) and the feature maps of each block for audio (B, 1, T).</summary>
    public override DiscriminatorOutput forward(Tensor audio)
    {
        var spectrum = stft(audio.squeeze(1), windowLength, hop, windowLength, window, center: true, return_complex: true);
        var x = view_as_real(spectrum).permute(0, 3, 2, 1); // (B, 2, time, frequency)
        var features = new List<Tensor>();
        x = input.call(x).leaky_relu(TrainingScalars.Of(0.2));
        features.Add(x);
        foreach (var block in blocks)
        {
            x = block.call(x).leaky_relu(TrainingScalars.Of(0.2));
            features.Add(x);
        }
        return new DiscriminatorOutput(output.call(x), features);
    }
}
