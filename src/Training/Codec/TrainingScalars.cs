using System.Collections.Concurrent;
using TorchSharp;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// Long-lived <see cref="Scalar"/> constants for the training code. TorchSharp 0.107 passes only the native handle of
/// an implicit temporary Scalar (<c>x * 2.0</c>) to libtorch, so the GC may finalize it while native code still reads
/// it; Scalars cached here stay reachable for the life of the process.
/// </summary>
internal static class TrainingScalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Cache = new();

    /// <summary>The cached Scalar for <paramref name="value"/>.</summary>
    public static Scalar Of(double value) => Cache.GetOrAdd(value, v => v.ToScalar());
}
