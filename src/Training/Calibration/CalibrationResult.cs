using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.Training.Calibration;

/// <summary>
/// Calibrated ranges of every IR node that ran (the deployed parts), keyed by node id, and how they were obtained.
/// </summary>
public sealed class CalibrationResult
{
    internal CalibrationResult(Graph graph, IReadOnlyDictionary<int, RangeStatistics> statistics, CalibrationOptions options,
        int clips, string source)
    {
        Graph = graph;
        Statistics = statistics;
        Options = options;
        ClipCount = clips;
        Source = source;
        Ranges = statistics.ToDictionary(kv => kv.Key, kv => kv.Value.Range(options.Method, options.Percentile));
    }

    /// <summary>The graph the node ids refer to.</summary>
    public Graph Graph { get; }

    /// <summary>Per node id, the calibrated range by <see cref="Options"/>.</summary>
    public IReadOnlyDictionary<int, TensorRange> Ranges { get; }

    /// <summary>Per node id, the raw statistics (min, max, histograms), for other methods or reports.</summary>
    public IReadOnlyDictionary<int, RangeStatistics> Statistics { get; }

    /// <summary>Method and percentile used for <see cref="Ranges"/>.</summary>
    public CalibrationOptions Options { get; }

    /// <summary>Clips the float model ran on.</summary>
    public int ClipCount { get; }

    /// <summary>Where the clips came from.</summary>
    public string Source { get; }

    /// <summary>The range of node <paramref name="nodeId"/>; throws naming the node when it was never observed.</summary>
    public TensorRange Range(int nodeId)
    {
        if (Ranges.TryGetValue(nodeId, out var range)) return range;
        var name = nodeId >= 0 && nodeId < Graph.Nodes.Count ? Graph.Nodes[nodeId].Name : "#" + nodeId;
        throw new KeyNotFoundException($"node '{name}' was not observed during calibration (it is not in a deployed part)");
    }

    /// <summary>The range of the node named <paramref name="nodeName"/>.</summary>
    public TensorRange Range(string nodeName) =>
        Range(Graph.Nodes.FirstOrDefault(n => n.Name == nodeName)?.Id
            ?? throw new KeyNotFoundException($"graph {Graph.ModelId}/{Graph.Variant} has no node '{nodeName}'"));
}
