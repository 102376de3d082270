using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// ELU and LeakyReLU with their constants held as long-lived <see cref="Scalar"/>s. TorchSharp 0.107 turns a double
/// argument into a temporary Scalar and passes only its native handle on, so the GC may finalize the Scalar while
/// libtorch still reads it (seen as "toFloat at Scalar.h" failures under allocation pressure). Scalars cached here
/// stay reachable for the life of the process, so that cannot happen.
/// </summary>
public static class Activations
{
    private static readonly ConcurrentDictionary<double, Scalar> Cache = new();

    private static Scalar Constant(double value) => Cache.GetOrAdd(value, v => v.ToScalar());

    /// <summary>ELU: x for x &gt; 0, alpha * (exp(x) - 1) otherwise.</summary>
    public static Tensor Elu(Tensor x, double alpha) => x.elu(Constant(alpha), Constant(1.0), Constant(1.0));

    /// <summary>LeakyReLU: x for x &gt; 0, slope * x otherwise.</summary>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope) => x.leaky_relu(Constant(negativeSlope));
}
