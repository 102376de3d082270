using System.Globalization;
using NeuralAudio.Models;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// Turns <c>--model</c>, <c>--config</c> and the size overrides (<c>--C --D --num-quantizers --codebook-size</c>) into a
/// codec variant: a declared variant when nothing is overridden (or the overrides change nothing), otherwise the
/// declared model rebuilt on the changed config through <see cref="ModelVariant.WithConfig"/>.
/// </summary>
public static class CodecVariantResolver
{
    /// <summary>Size overrides; null keeps the variant's value.</summary>
    public sealed record Overrides(int? C = null, int? D = null, int? Quantizers = null, int? CodebookSize = null)
    {
        /// <summary>True when at least one value is set.</summary>
        public bool Any => C is not null || D is not null || Quantizers is not null || CodebookSize is not null;
    }

    /// <summary>
    /// The variant to train. Throws <see cref="KeyNotFoundException"/> (unknown model or config, listing what exists) or
    /// <see cref="ArgumentException"/> (a model that is not a codec, or an override out of range).
    /// </summary>
    public static ModelVariant Resolve(string modelId, string config, Overrides overrides)
    {
        var declared = ModelCatalog.Of(modelId);
        if (declared.Count == 0)
            throw new KeyNotFoundException($"no model '{modelId}'; codec models: {string.Join(", ", ModelCatalog.All.Where(v => v.Family == NeuralAudio.ModelDsl.ModelFamily.Codec).Select(v => v.ModelId).Distinct())}");
        var variant = declared.FirstOrDefault(v => string.Equals(v.Variant, config, StringComparison.OrdinalIgnoreCase))
            ?? throw new KeyNotFoundException($"{modelId} has no config '{config}'; declared: {string.Join(", ", declared.Select(v => v.Variant))}");
        if (variant.Family != NeuralAudio.ModelDsl.ModelFamily.Codec)
            throw new ArgumentException($"{variant.FullName} is a {variant.Family} model; train codec needs a codec (soundstream, tinystream)");
        if (!overrides.Any) return variant;
        Check(overrides.C, "--C", 1, 512);
        Check(overrides.D, "--D", 1, 4096);
        Check(overrides.Quantizers, "--num-quantizers", 1, 64);
        Check(overrides.CodebookSize, "--codebook-size", 2, 65536);
        object changed = variant.Config switch
        {
            SoundStreamConfig s => s with
            {
                C = overrides.C ?? s.C, D = overrides.D ?? s.D,
                Quantizers = overrides.Quantizers ?? s.Quantizers, CodebookSize = overrides.CodebookSize ?? s.CodebookSize,
            },
            TinyStreamConfig t => t with
            {
                C = overrides.C ?? t.C, D = overrides.D ?? t.D,
                Quantizers = overrides.Quantizers ?? t.Quantizers, CodebookSize = overrides.CodebookSize ?? t.CodebookSize,
            },
            _ => throw new ArgumentException($"{variant.FullName}: --C/--D/--num-quantizers/--codebook-size apply to SoundStream and TinyStream configs only"),
        };
        if (changed.Equals(variant.Config)) return variant;
        var same = declared.FirstOrDefault(v => v.Config.Equals(changed));
        if (same is not null) return same;
        var name = string.Create(CultureInfo.InvariantCulture, $"{variant.Variant}-custom");
        return variant.WithConfig(changed, name);
    }

    private static void Check(int? value, string option, int min, int max)
    {
        if (value is int v && (v < min || v > max))
            throw new ArgumentException($"{option} {v}: must be between {min} and {max}");
    }
}
