using NeuralAudio.ModelDsl.Analysis;

namespace NeuralAudio.Models;

/// <summary>
/// Figures the papers and reference implementations publish, printed beside ours so differences are visible.
/// Sources: shared/REFERENCE.md sections 1 and 3.
/// </summary>
public static class PublishedFigures
{
    /// <summary>A short "source says / we count" note for a variant, or null when the source gives nothing comparable.</summary>
    public static string? For(ModelVariant variant, ModelCost cost) => (variant.ModelId, variant.Config) switch
    {
        ("acdnet", AcdNetConfig { NumClasses: 50 }) => "ref: 4,735,378 params, 544.42 M FLOPs; ours: " + Flops(cost),
        ("micro-acdnet", AcdNetConfig { NumClasses: 50 }) => "ref: 131,474 params, 14.82 M FLOPs; ours: " + Flops(cost),
        ("soundstream", SoundStreamConfig { C: 32 }) => "paper Table I: 8.4 M at C=32; ours enc+dec " + EncoderDecoder(cost),
        ("soundstream", SoundStreamConfig { C: 16 }) => "paper Table I: 2.4 M at C=16; ours enc+dec " + EncoderDecoder(cost),
        _ => null,
    };

    private static string Flops(ModelCost cost) => (cost.ReferenceFlops / 1e6).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " M FLOPs";

    private static string EncoderDecoder(ModelCost cost)
    {
        cost.ParametersByPart.TryGetValue("encoder", out var encoder);
        cost.ParametersByPart.TryGetValue("decoder", out var decoder);
        return ((encoder + decoder) / 1e6).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " M";
    }
}
