using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.Models;

namespace NeuralAudio.Cli.Commands;

/// <summary>One row of <c>neuralaudio models</c>: the cost model's figures for a variant, flattened for printing.</summary>
public sealed record ModelSummary(
    string Model,
    string Variant,
    string Family,
    string StructureHash,
    int SampleRate,
    long Parameters,
    long DeployedParameters,
    long EncoderParameters,
    long Int8WeightBytes,
    long Fp32Bytes,
    long MacsPerInference,
    double DeployedMacsPerSecond,
    double DeployedMacsPerFrame,
    long ReferenceFlops,
    long ReceptiveFieldSamples,
    double AlgorithmicLatencyMs,
    double FrameRateHz,
    double BitrateBps,
    string? Published)
{
    public static ModelSummary From(ModelVariant variant)
    {
        var graph = variant.BuildGraph();
        var cost = CostModel.Analyze(graph);
        cost.ParametersByPart.TryGetValue("encoder", out var encoder);
        return new ModelSummary(
            variant.ModelId, variant.Variant, variant.Family.ToString().ToLowerInvariant(), variant.StructureHash,
            graph.SampleRate, cost.Parameters, cost.DeployedParameters, encoder, cost.Int8WeightBytes, cost.Fp32Bytes,
            cost.MacsPerInference, cost.DeployedMacsPerSecond, cost.DeployedMacsPerFrame, cost.ReferenceFlops,
            cost.ReceptiveFieldSamples, cost.AlgorithmicLatencyMs, cost.FrameRateHz, cost.BitrateBps,
            PublishedFigures.For(variant));
    }
}
