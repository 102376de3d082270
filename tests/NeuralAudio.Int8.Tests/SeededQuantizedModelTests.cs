using NeuralAudio.Int8.Tests.Infrastructure;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Runtime;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests;

/// <summary>Seeded quantised models are complete, deterministic and plausible enough to exercise every kernel.</summary>
public sealed class SeededQuantizedModelTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ZooGraphs.All), MemberType = typeof(ZooGraphs))]
    public void TheSameSeedGivesTheSameModel_AndAnotherSeedAnotherOne(string key)
    {
        var zoo = ZooGraphs.Get(key);
        string a = ModelFingerprint.Of(SeededQuantizedModel.Create(zoo.Deploy, 7));
        Assert.Equal(a, ModelFingerprint.Of(SeededQuantizedModel.Create(zoo.Deploy, 7)));
        Assert.NotEqual(a, ModelFingerprint.Of(References.Model(zoo, 1)));
    }

    [Theory]
    [InlineData("tinystream/tiny")]
    [InlineData("micro-acdnet/esc10")]
    public void TheWeightsFileOfASeed_IsByteForByteReproducible(string key)
    {
        var zoo = ZooGraphs.Get(key);
        Assert.Equal(CWeightsEmitter.Emit(zoo.Deploy, References.Model(zoo, 1)), CWeightsEmitter.Emit(zoo.Deploy, SeededQuantizedModel.Create(zoo.Deploy, 1)));
    }

    [Theory]
    [MemberData(nameof(ZooGraphs.All), MemberType = typeof(ZooGraphs))]
    public void EveryOpAndActivationHasItsTables(string key)
    {
        var zoo = ZooGraphs.Get(key);
        var model = References.Model(zoo, 1);
        Assert.Equal(zoo.Deploy.Ops.Select(o => o.Name).OrderBy(n => n, StringComparer.Ordinal), model.Ops.Keys.OrderBy(n => n, StringComparer.Ordinal));
        foreach (var t in zoo.Deploy.Tensors.Where(t => t.ElementType == DeployElementType.Int8 && zoo.Deploy.Ops.Any(o => o.Output == t.Id)))
            Assert.True(model.Activations.ContainsKey(t.Name), $"{key}: no quantisation for '{t.Name}'");
    }

    [Theory]
    [MemberData(nameof(ZooGraphs.RunnableInCSharp), MemberType = typeof(ZooGraphs))]
    public void ActivationsUseTheInt8RangeWithoutSaturating(string key)
    {
        var zoo = ZooGraphs.Get(key);
        var runner = new DeployGraphRunner(zoo.Deploy, References.Model(zoo, 1));
        var stats = new Dictionary<string, (long Count, long Saturated, HashSet<int> Distinct, double SumSquares, ActivationQuantization Q)>();
        runner.Observer = (name, values, q) =>
        {
            var s = stats.TryGetValue(name, out var x) ? x : (0, 0, new HashSet<int>(), 0.0, q);
            foreach (var v in values)
            {
                s.Count++;
                if (v == sbyte.MaxValue || (v == sbyte.MinValue && q.ZeroPoint != sbyte.MinValue)) s.Saturated++;
                s.Distinct.Add(v);
                double real = q.Dequantize(v);
                s.SumSquares += real * real;
            }
            stats[name] = s;
        };
        var pcm = References.Clip(zoo, 1, 8);
        if (zoo.Deploy.Streaming) Int8Outputs.Encode(runner, pcm);
        else Int8Outputs.Classify(runner, pcm);

        foreach (var (name, s) in stats)
        {
            double saturated = (double)s.Saturated / s.Count;
            output.WriteLine($"{name,-44} distinct {s.Distinct.Count,3}  saturated {saturated,6:P1}  rms {Math.Sqrt(s.SumSquares / s.Count):F3}  scale {s.Q.Scale:G3} zp {s.Q.ZeroPoint}");
            // A random model's per-channel gains vary (few input channels, max pools pick the clamped values), so a
            // few percent at the clamp is expected; most values must lie inside the range.
            Assert.True(saturated < 0.1, $"{key}: {saturated:P1} of '{name}' is saturated");
            bool isProbability = zoo.Deploy.Tensors.First(t => t.Name == name).Id == zoo.Deploy.Output;
            long wanted = Math.Min(8, s.Count / 2); // a 10-class head has 10 values in all
            if (!isProbability) Assert.True(s.Distinct.Count >= wanted, $"{key}: '{name}' takes only {s.Distinct.Count} distinct values of {s.Count}");
        }
    }
}
