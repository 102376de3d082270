using System.Collections.Concurrent;

namespace NeuralAudio.Models;

/// <summary>
/// Every model variant compiled into the loaded assemblies. Generated registries add themselves from module
/// initializers, so a new declaration appears here with no edit anywhere else.
/// </summary>
public static class ModelCatalog
{
    private static readonly ConcurrentDictionary<string, ModelVariant> Variants = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Called by generated code; a second registration of the same name is a build mistake.</summary>
    public static void Register(ModelVariant variant)
    {
        if (!Variants.TryAdd(variant.FullName, variant))
            throw new InvalidOperationException($"model variant {variant.FullName} is registered twice");
    }

    /// <summary>All variants, ordered by model id then declaration order of registration.</summary>
    public static IReadOnlyList<ModelVariant> All
    {
        get
        {
            EnsureZooLoaded();
            return Variants.Values.OrderBy(v => v.ModelId, StringComparer.Ordinal).ThenBy(v => v.Variant, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Looks a variant up by model id and variant name; the error lists what exists.</summary>
    public static ModelVariant Get(string modelId, string variant)
    {
        EnsureZooLoaded();
        if (Variants.TryGetValue(modelId + "/" + variant, out var found)) return found;
        var known = string.Join(", ", All.Select(v => v.FullName));
        throw new KeyNotFoundException($"no model variant '{modelId}/{variant}'; known variants: {known}");
    }

    /// <summary>Variants of one model id.</summary>
    public static IReadOnlyList<ModelVariant> Of(string modelId) =>
        All.Where(v => string.Equals(v.ModelId, modelId, StringComparison.OrdinalIgnoreCase)).ToList();

    // The zoo's module initializer runs when this assembly loads, which has happened by the time this runs.
    private static void EnsureZooLoaded() => System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(ModelCatalog).Module.ModuleHandle);
}
