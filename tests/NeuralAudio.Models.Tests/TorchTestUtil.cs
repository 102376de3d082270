using NeuralAudio.ModelDsl.Ir;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Tests;

/// <summary>Seeded inputs and tensor comparisons shared by the tests.</summary>
internal static class TorchTestUtil
{
    /// <summary>A seeded normal tensor of shape (batch, node shape...).</summary>
    public static Tensor Input(int[] shape, long batch = 2, int seed = 1234)
    {
        var generator = new Generator((ulong)seed);
        return randn(shape.Select(d => (long)d).Prepend(batch).ToArray(), generator: generator);
    }

    public static long[] Batched(int[] shape, long batch = 2) => shape.Select(d => (long)d).Prepend(batch).ToArray();

    /// <summary>Bit-identical: same shape and same values.</summary>
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static double MaxAbsDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    public static long IrParameterCount(Graph graph) => graph.Nodes.Sum(n => n.Op.ParameterCount);
}
