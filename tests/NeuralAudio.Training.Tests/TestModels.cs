using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Export;

namespace NeuralAudio.Training.Tests;

/// <summary>Seeded models shared by the tests (small ones, so the suite stays fast on 2 cores).</summary>
internal static class TestModels
{
    public static ModelVariant UltraTiny => ModelCatalog.Get("tinystream", "ultra_tiny");
    public static ModelVariant MicroAcdNet => ModelCatalog.Get("micro-acdnet", "esc50");

    private static readonly object Gate = new();

    /// <summary>Seeded weights; torch's global generator is shared, so creation is serialised.</summary>
    public static NeuralModule Seeded(ModelVariant variant, int seed = 1)
    {
        lock (Gate) return SeededModel.Create(variant, seed);
    }
}
