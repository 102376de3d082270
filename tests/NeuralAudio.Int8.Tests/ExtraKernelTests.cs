using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.Runtime;

namespace NeuralAudio.Int8.Tests;

/// <summary>The two kernels this path adds (PCM quantisation, permute) do what their IR meaning says.</summary>
public sealed class ExtraKernelTests
{
    public static TheoryData<int[], int[]> Permutations => new()
    {
        { [20, 1, 151], [1, 0, 2] }, // ACDNet's swap
        { [3, 4, 5], [0, 2, 1] },
        { [3, 4, 5], [2, 1, 0] },
        { [3, 4, 5], [1, 2, 0] },
        { [3, 4, 5], [2, 0, 1] },
        { [3, 4, 5], [0, 1, 2] },
        { [8, 23], [1, 0] },
        { [2, 3, 4, 5], [3, 1, 0, 2] },
    };

    [Theory]
    [MemberData(nameof(Permutations))]
    public void Permute_MovesEveryElementToItsPermutedIrIndex_InChannelsLastMemory(int[] shape, int[] dims)
    {
        var outShape = dims.Select(d => shape[d]).ToArray();
        int n = shape.Aggregate(1, (a, b) => a * b);
        var input = new sbyte[n];
        for (int i = 0; i < n; i++) input[i] = (sbyte)(i * 37 % 251 - 125);
        var l = PermuteLayout.For(shape, dims);
        var output = new sbyte[n];
        PermuteKernel.Run(new PermuteParams(l.OutDims[0], l.OutDims[1], l.OutDims[2], l.OutDims[3], l.InStrides[0], l.InStrides[1], l.InStrides[2], l.InStrides[3]), input, output);

        foreach (var index in Indices(outShape))
        {
            var source = new int[shape.Length];
            for (int j = 0; j < dims.Length; j++) source[dims[j]] = index[j];
            Assert.Equal(input[Offset(shape, source)], output[Offset(outShape, index)]);
        }
    }

    [Theory]
    [InlineData(2.0 / 255, -1)]
    [InlineData(0.0005, 10)]
    [InlineData(0.02, -128)]
    public void QuantizePcm_MapsPcmOverFullScaleToTheInputQuantisation(double scale, int zeroPoint)
    {
        var q = new ActivationQuantization((float)scale, zeroPoint);
        var p = QuantizePcmParams.For(q);
        short[] pcm = [short.MinValue, -20000, -1234, -1, 0, 1, 77, 5000, 16384, short.MaxValue];
        var output = new sbyte[pcm.Length];
        QuantizePcmKernel.Run(p, pcm, output);
        for (int i = 0; i < pcm.Length; i++)
            Assert.InRange(output[i], q.Quantize(pcm[i] / 32768.0) - 1, q.Quantize(pcm[i] / 32768.0) + 1);
        Assert.Equal(zeroPoint, output[Array.IndexOf(pcm, (short)0)]);
    }

    /// <summary>Channels-last offset of an IR index: (C, H, W) is stored [H][W][C].</summary>
    private static int Offset(int[] shape, int[] index)
    {
        var order = PermuteLayout.MemoryOrder(shape.Length);
        int offset = 0;
        foreach (int axis in order) offset = offset * shape[axis] + index[axis];
        return offset;
    }

    private static IEnumerable<int[]> Indices(int[] shape)
    {
        var index = new int[shape.Length];
        while (true)
        {
            yield return (int[])index.Clone();
            int k = shape.Length - 1;
            while (k >= 0 && ++index[k] == shape[k]) index[k--] = 0;
            if (k < 0) yield break;
        }
    }
}
