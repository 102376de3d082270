using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Host.Tests.Infrastructure;

/// <summary>
/// The C# side of every comparison: a zoo graph with the seeded weights na_host links by default
/// (<see cref="SeededQuantizedModel"/>, seed <see cref="Seed"/>), run by <see cref="DeployGraphRunner"/> the way
/// na_host runs the generated C, with its result in na_host's exact JSON.
/// </summary>
public static class SeededGraphs
{
    /// <summary>The seed of the weights the build writes (codegen --seeded-weights 1) and the goldens use.</summary>
    public const int Seed = 1;

    private static readonly ConcurrentDictionary<string, Lazy<(DeployGraph Graph, QuantizedModel Model)>> cache = new();

    public static DeployGraph Graph(string name) => Get(name).Graph;

    private static (DeployGraph Graph, QuantizedModel Model) Get(string name) => cache.GetOrAdd(name, n => new(() =>
    {
        int slash = n.IndexOf('/');
        var deploy = Lowering.Lower(ModelCatalog.Get(n[..slash], n[(slash + 1)..]).BuildGraph());
        return (deploy, SeededQuantizedModel.Create(deploy, Seed));
    })).Value;

    /// <summary>What na_host prints for <paramref name="pcm"/>: the encoder fed one hop at a time (a partial frame dropped), or the classifier on the zero-padded first window.</summary>
    public static string RunnerJson(string name, short[] pcm)
    {
        var (graph, model) = Get(name);
        var runner = new DeployGraphRunner(graph, model);
        var json = new StringBuilder();
        json.Append("{\"model\":\"").Append(name).Append('"');
        if (graph.Streaming)
        {
            int hop = runner.HopSamples, q = runner.Quantizers, frames = pcm.Length / hop;
            var codes = new ushort[frames * q];
            runner.Reset();
            for (int f = 0; f < frames; f++) runner.Push(pcm.AsSpan(f * hop, hop), codes.AsSpan(f * q, q));
            json.Append(Invariant($",\"frames\":{frames},\"quantizers\":{q},\"codes\":["));
            for (int f = 0; f < frames; f++)
                json.Append(f == 0 ? "[" : ",[").AppendJoin(',', codes.Skip(f * q).Take(q).Select(c => c.ToString(CultureInfo.InvariantCulture))).Append(']');
            json.Append("]}");
        }
        else
        {
            var window = new short[runner.InputSamples];
            pcm.AsSpan(0, Math.Min(pcm.Length, window.Length)).CopyTo(window);
            var scores = new sbyte[runner.Classes];
            runner.Run(window, scores);
            int label = 0;
            for (int c = 1; c < scores.Length; c++) if (scores[c] > scores[label]) label = c;
            json.Append(",\"scores\":[").AppendJoin(',', scores.Select(s => s.ToString(CultureInfo.InvariantCulture)))
                .Append(Invariant($"],\"label\":{label}}}"));
        }
        return json.Append('\n').ToString();
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
