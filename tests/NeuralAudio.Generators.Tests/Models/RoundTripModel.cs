using System;
using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators.Tests.Models;

// A model declared twice over: compiled into this test assembly (so it runs as ordinary code at run time) and read
// from disk as source for the generator (so it is evaluated at compile time). RoundTripTests compares the two IRs.
// It exercises most of what the evaluator supports; keep it compiling without the generator.

public enum Width { Narrow = 1, Wide = 2 }

public sealed record RoundTripConfig(int Channels, int Embedding, Width Width = Width.Narrow, int SampleRate = 16000)
{
    public int[] Strides { get; init; } = [2, 4];

    /// <summary>Samples per frame: a block-bodied computed property.</summary>
    public int Hop
    {
        get
        {
            int hop = 1;
            foreach (var s in Strides) hop *= s;
            return hop;
        }
    }

    public int Frames => 16;
    public double Slope { get; init; } = 0.2;
    public bool Separable { get; init; }
    public string Prefix { get; init; } = "stage";
    public int StemChannels => Channels * (int)Width;
    public int Quantizers { get; init; } = Channels >= 4 ? 2 : 1;
}

[NeuralModel("roundtrip", Family = ModelFamily.Codec)]
public static partial class RoundTrip
{
    private const int StemKernel = 7;
    internal static readonly int[] Dilations = { 1, 3 };

    [Variant("small")]
    public static readonly RoundTripConfig Small = new(Channels: 4, Embedding: 16);

    [ModelDefinition]
    public static void Define(IModelBuilder b, RoundTripConfig c)
    {
        var x = b.Input(channels: 1, length: c.Hop * c.Frames, sampleRate: c.SampleRate);
        using (b.Part("encoder"))
        {
            using (b.Scope("stem"))
                x = x.Conv1d(c.StemChannels, StemKernel, padding: Padding.Causal).LeakyRelu(c.Slope);
            int channels = c.StemChannels;
            for (int i = 0; i < c.Strides.Length; i++)
            {
                channels = Math.Min(channels * 2, 64);
                using var scope = b.Scope($"{c.Prefix}{i}");
                x = RoundTripBlocks.Stage(b, x, channels, c.Strides[i], c.Separable);
            }
            x = x.Conv1d(c.Embedding, c.Separable ? 1 : 3, name: "head");
        }
        TensorRef q;
        using (b.Part("quantizer")) q = x.ResidualVq(c.Quantizers, 1 << 6);
        TensorRef y = q;
        using (b.Part("decoder"))
        {
            int width = c.StemChannels;
            int n = c.Strides.Length;
            while (n-- > 0) width *= 2;
            int step = c.Strides.Length - 1;
            do
            {
                width /= 2;
                if (width < 1) break;
                using (b.Scope("up" + step))
                    y = y.ConvTranspose1d(width, 2 * c.Strides[step], c.Strides[step]).Elu(alpha: 1.0);
            } while (--step >= 0);
            y = y.Conv1d(1, StemKernel);
        }
        b.Output(y);
    }
}

public static class RoundTripBlocks
{
    /// <summary>A residual unit as an extension method.</summary>
    public static TensorRef Residual(this TensorRef x, int dilation, double alpha = 1.0)
    {
        var y = x.Conv1d(x.Channels, 3, dilation: dilation).Elu(alpha).Conv1d(x.Channels, 1);
        return x.Add(y);
    }

    /// <summary>Residual units then a strided conv; returns from inside a using, which must still close the scope.</summary>
    public static TensorRef Stage(IModelBuilder b, TensorRef x, int channels, int stride, bool separable)
    {
        var dilations = RoundTrip.Dilations;
        for (int i = 0; i < dilations.Length; i++)
        {
            if (dilations[i] > 8) continue;
            using (b.Scope("res" + i)) x = x.Residual(dilations[i]).Elu();
        }
        if (separable)
        {
            using (b.Scope("down"))
                return x.DepthwiseConv1d(2 * stride, stride: stride).Conv1d(channels, 1);
        }
        using (b.Scope("down"))
        {
            return x.Conv1d(channels, 2 * stride, stride: stride, padding: stride % 2 == 0 ? Padding.Causal : Padding.Same);
        }
    }
}
