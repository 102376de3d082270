namespace NeuralAudio.Models;

/// <summary>
/// Figures the papers and reference implementations publish, printed beside ours so differences are visible.
/// Sources: shared/REFERENCE.md sections 1 and 3.
/// </summary>
public static class PublishedFigures
{
    /// <summary>A short "what the source says" for a variant, or null when the source gives nothing comparable.</summary>
    public static string? For(ModelVariant variant) => (variant.ModelId, variant.Config) switch
    {
        ("acdnet", AcdNetConfig { NumClasses: 50 }) => "4,735,378 params, 544.42 M FLOPs (reference calculator)",
        ("micro-acdnet", AcdNetConfig { NumClasses: 50 }) => "131,474 params, 14.82 M FLOPs (reference calculator)",
        ("soundstream", SoundStreamConfig { C: 32 }) => "8.4 M params at C=32 (paper Table I)",
        ("soundstream", SoundStreamConfig { C: 16 }) => "2.4 M params at C=16 (paper Table I)",
        _ => null,
    };
}
