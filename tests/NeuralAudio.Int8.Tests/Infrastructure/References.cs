using System.Collections.Concurrent;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>
/// Seeded models and interpreter outputs computed once per run and shared by the tests that compare against them
/// (the big graphs take seconds per model and per run in a Debug build).
/// </summary>
public static class References
{
    private static readonly ConcurrentDictionary<(string, int), Lazy<QuantizedModel>> models = new();
    private static readonly ConcurrentDictionary<(string, int, int, bool), Lazy<Array>> outputs = new();

    public static QuantizedModel Model(ZooGraph zoo, int seed) =>
        models.GetOrAdd((zoo.Key, seed), _ => new Lazy<QuantizedModel>(() => SeededQuantizedModel.Create(zoo.Deploy, seed))).Value;

    /// <summary>The test clip of a graph: <paramref name="frames"/> hops for an encoder, one window for a classifier.</summary>
    public static short[] Clip(ZooGraph zoo, int seed, int frames) =>
        TestSignals.Pcm(zoo.Deploy.Streaming ? frames * zoo.Deploy.StepInputSamples : zoo.Deploy.StepInputSamples, seed, zoo.Graph.SampleRate);

    /// <summary>The streaming interpreter's codes for the clip, pushed whole.</summary>
    public static ushort[] Codes(ZooGraph zoo, int seed, int frames) => (ushort[])outputs.GetOrAdd((zoo.Key, seed, frames, false), _ =>
        new Lazy<Array>(() => Int8Outputs.Encode(new DeployGraphRunner(zoo.Deploy, Model(zoo, seed), zoo.Plan), Clip(zoo, seed, frames)))).Value;

    /// <summary>The offline whole-clip codes.</summary>
    public static ushort[] OfflineCodes(ZooGraph zoo, int seed, int frames) => (ushort[])outputs.GetOrAdd((zoo.Key, seed, frames, true), _ =>
        new Lazy<Array>(() => new OfflineEncoderRunner(zoo.Deploy, Model(zoo, seed)).Encode(Clip(zoo, seed, frames)))).Value;

    /// <summary>The interpreter's scores for the classifier's window.</summary>
    public static sbyte[] Scores(ZooGraph zoo, int seed) => (sbyte[])outputs.GetOrAdd((zoo.Key, seed, 1, false), _ =>
        new Lazy<Array>(() => Int8Outputs.Classify(new DeployGraphRunner(zoo.Deploy, Model(zoo, seed), zoo.Plan), Clip(zoo, seed, 1)))).Value;
}
