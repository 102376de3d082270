using NeuralAudio.ModelDsl;

namespace NeuralAudio.Models.Blocks;

/// <summary>
/// ACDNet's layout (Mohaimenuzzaman et al., Pattern Recognition 2023; shared/REFERENCE.md section 1), shared by
/// ACDNet and Micro-ACDNet, which differ only in their 12-entry channel configuration.
/// </summary>
public static class AcdNetBlocks
{
    /// <summary>Conv2d without bias, BatchNorm and ReLU, named convN/bnN as in the reference.</summary>
    public static TensorRef ConvBnRelu(this TensorRef x, int outChannels, int kernelH, int kernelW, int strideW, Padding padding, int index)
    {
        return x.Conv2d(outChannels, kernelH, kernelW, strideW: strideW, padding: padding, bias: false, name: "conv" + index)
            .BatchNorm(name: "bn" + index)
            .Relu();
    }

    /// <summary>
    /// The reference's pool sizes along one axis of length <paramref name="length"/>: five halvings while the
    /// axis is at least 2 long, and a last pool over whatever remains.
    /// </summary>
    public static int[] PoolSizes(int length)
    {
        var sizes = new int[6];
        for (int i = 1; i <= 6; i++)
        {
            if (length >= 2)
            {
                sizes[i - 1] = i == 6 ? length : 2;
                if (i < 6)
                    length /= 2;
            }
            else
            {
                sizes[i - 1] = 1;
            }
        }
        return sizes;
    }

    /// <summary>Max pooling, skipped when the pool is (1, 1) as in the reference.</summary>
    public static TensorRef MaybeMaxPool(this TensorRef x, int kernelH, int kernelW)
    {
        if (kernelH == 1 && kernelW == 1)
            return x;
        return x.MaxPool2d(kernelH, kernelW);
    }

    /// <summary>SFEB (two strided 1-D convs as 1xk Conv2d, max-pool), swap, TFEB (3x3 conv pairs with pools), classifier head.</summary>
    public static void Classifier(IModelBuilder b, int[] ch, int numClasses, int sampleRate, int inputLength)
    {
        // Pool widths follow the 10 ms frame count of the input: int(input_len / sr * 1000 / 10) = 151 at 20 kHz.
        int frames = inputLength * 100 / sampleRate;
        int[] poolH = PoolSizes(ch[1]);
        int[] poolW = PoolSizes(frames);
        int sfebPool = sampleRate / 1000 * 10 / (2 * 2);

        var x = b.Input2d(channels: 1, height: 1, width: inputLength, sampleRate: sampleRate);
        using (b.Part("classifier"))
        {
            using (b.Scope("sfeb"))
            {
                x = x.ConvBnRelu(ch[0], 1, 9, 2, Padding.Valid, 1);
                x = x.ConvBnRelu(ch[1], 1, 5, 2, Padding.Valid, 2);
                x = x.MaxPool2d(1, sfebPool);
            }

            // The swap: (C, 1, W) becomes (1, C, W) so the TFEB convolves over frequency-like channels and time.
            x = x.Permute(1, 0, 2);

            using (b.Scope("tfeb"))
            {
                x = x.ConvBnRelu(ch[2], 3, 3, 1, Padding.Same, 3);
                x = x.MaybeMaxPool(poolH[0], poolW[0]);
                for (int pair = 0; pair < 4; pair++)
                {
                    x = x.ConvBnRelu(ch[3 + 2 * pair], 3, 3, 1, Padding.Same, 4 + 2 * pair);
                    x = x.ConvBnRelu(ch[4 + 2 * pair], 3, 3, 1, Padding.Same, 5 + 2 * pair);
                    x = x.MaybeMaxPool(poolH[pair + 1], poolW[pair + 1]);
                }
                x = x.Dropout(0.2);
                x = x.ConvBnRelu(ch[11], 1, 1, 1, Padding.Valid, 12);
                x = x.AvgPool2d(poolH[5], poolW[5]);
            }

            x = x.Flatten().Linear(numClasses, name: "fc13").Softmax();
        }
        b.Output(x);
    }
}
