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
        var deployed = DeploySizes.Of(Lowering.Lower(graph));
        return new ModelSummary(
            variant.ModelId, variant.Variant, variant.Family.ToString().ToLowerInvariant(), variant.StructureHash,
            graph.SampleRate, cost.Parameters, cost.DeployedParameters, encoder, encoder + decoder, cost.Fp32Bytes,
            deployed.WeightBytes, deployed.ArenaBytes, deployed.LowerBoundBytes, deployed.StateBytes,
            cost.MacsPerInference, cost.DeployedMacsPerSecond, cost.DeployedMacsPerFrame, cost.ReferenceFlops,
            cost.ReceptiveFieldSamples, cost.AlgorithmicLatencyMs, cost.FrameRateHz, cost.BitrateBps,
            PublishedFigures.For(variant, cost));
    }
}
