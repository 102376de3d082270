using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// A residual block of the STFT discriminator: 3x3 conv to N channels, LeakyReLU, then a (st+2)x(sf+2) conv with
/// stride (st, sf) to the output channels; the skip is a strided 1x1 conv.
/// </summary>
public sealed class StftResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d first;
    private readonly Conv2d strided;
    private readonly Conv2d skip;

    /// <summary>Creates the block.</summary>
    public StftResidualBlock(int inChannels, int width, int outChannels, int timeStride, int frequencyStride) : base(nameof(StftResidualBlock))
    {
        first = nn.Conv2d(inChannels, width, (3, 3), padding: (1, 1));
        strided = nn.Conv2d(width, outChannels, (timeStride + 2, frequencyStride + 2), stride: (timeStride, frequencyStride), padding: (1, 1));
        skip = nn.Conv2d(inChannels, outChannels, (1, 1), stride: (timeStride, frequencyStride));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        var y = strided.call(first.call(x).leaky_relu(TrainingScalars.Of(0.2)));
        var s = skip.call(x);
        // A (st+2) kernel with padding 1 and stride st keeps ceil-like sizes; crop both branches to the smaller one.
        long t = Math.Min(y.shape[2], s.shape[2]), f = Math.Min(y.shape[3], s.shape[3]);
        return y.narrow(2, 0, t).narrow(3, 0, f) + s.narrow(2, 0, t).narrow(3, 0, f);
    }
}
