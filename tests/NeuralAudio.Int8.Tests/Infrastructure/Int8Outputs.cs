using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>Runs an int8 encoder or classifier over a clip, and compares outputs naming the first difference.</summary>
internal static class Int8Outputs
{
    /// <summary>Codes of the whole clip pushed <paramref name="framesPerPush"/> frames at a time from a fresh stream.</summary>
    public static ushort[] Encode(IInt8Encoder encoder, short[] pcm, int framesPerPush = int.MaxValue)
    {
        encoder.Reset();
        int hop = encoder.HopSamples, frames = pcm.Length / hop;
        var codes = new ushort[frames * encoder.Quantizers];
        for (int f = 0; f < frames; f += framesPerPush)
        {
            int n = Math.Min(framesPerPush, frames - f);
            int written = encoder.Push(pcm.AsSpan(f * hop, n * hop), codes.AsSpan(f * encoder.Quantizers));
            Assert.Equal(n, written);
        }
        return codes;
    }

    /// <summary>Scores of each consecutive window of <paramref name="pcm"/>.</summary>
    public static sbyte[] Classify(IInt8Classifier classifier, short[] pcm)
    {
        int windows = pcm.Length / classifier.InputSamples;
        var scores = new sbyte[windows * classifier.Classes];
        for (int w = 0; w < windows; w++)
            classifier.Run(pcm.AsSpan(w * classifier.InputSamples, classifier.InputSamples), scores.AsSpan(w * classifier.Classes, classifier.Classes));
        return scores;
    }

    public static void AssertEqual<T>(T[] expected, T[] actual, string what) where T : IEquatable<T>
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            if (!expected[i].Equals(actual[i]))
                Assert.Fail($"{what}: first difference at index {i}: {actual[i]}, expected {expected[i]}");
    }
}
