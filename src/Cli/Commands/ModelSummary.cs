using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models;

namespace NeuralAudio.Cli.Commands;

/// <summary>
/// One row of <c>neuralaudio models</c>: the cost model's figures for a variant and the memory of its deployed int8
/// graph (encoder + RVQ search, or the classifier), flattened for printing.
/// </summary>
public sealed record ModelSummary(
    string Model,
    string Variant,
    string Family,
    string StructureHash,
    int SampleRate,
    long Parameters,
    long DeployedParameters,
    long EncoderParameters,
    long EncoderDecoderParameters,
    long Fp32Bytes,
    long FlashWeightBytes,
    long ArenaBytes,
    long ArenaLowerBoundBytes,
    long StateBytes,
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
        cost.ParametersByPart.TryGetValue("decoder", out var decoder);
        var deployed = DeployedSizes(graph);
        return new ModelSummary(
            variant.ModelId, variant.Variant, variant.Family.ToString().ToLowerInvariant(), variant.StructureHash,
            graph.SampleRate, cost.Parameters, cost.DeployedParameters, encoder, encoder + decoder, cost.Fp32Bytes,
            deployed?.WeightBytes ?? 0, deployed?.ArenaBytes ?? 0, deployed?.LowerBoundBytes ?? 0, deployed?.StateBytes ?? 0,
            cost.MacsPerInference, cost.DeployedMacsPerSecond, cost.DeployedMacsPerFrame, cost.ReferenceFlops,
            cost.ReceptiveFieldSamples, cost.AlgorithmicLatencyMs, cost.FrameRateHz, cost.BitrateBps,
            PublishedFigures.For(variant, cost));
    }

    /// <summary>Device memory of the deployed part, or null for a model the int8 path cannot run (it still trains).</summary>
    private static DeploySizes? DeployedSizes(NeuralAudio.ModelDsl.Ir.Graph graph)
    {
        try
        {
            return DeploySizes.Of(Lowering.Lower(graph));
        }
        catch (NeuralAudio.ModelDsl.DslException)
        {
            return null;
        }
    }
}
