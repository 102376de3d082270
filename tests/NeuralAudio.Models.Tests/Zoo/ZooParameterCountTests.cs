using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;

namespace NeuralAudio.Models.Tests.Zoo;

/// <summary>Parameter and FLOP counts of the zoo against the reference implementations' own figures.</summary>
public class ZooParameterCountTests
{
    private static long CountParameters(NeuralModule module) => module.parameters().Sum(p => p.numel());

    [Theory]
    [InlineData("acdnet", "esc50", 4_735_378)]
    [InlineData("micro-acdnet", "esc50", 131_474)]
    public void GeneratedClassifierModuleHasTheReferenceParameterCount(string model, string variant, long expected)
    {
        using var module = ModelCatalog.Get(model, variant).CreateModule();
        Assert.IsNotType<GraphModule>(module); // counted from the generated class, not the run-time graph
        Assert.Equal(expected, CountParameters(module));
    }

    [Theory]
    [InlineData("acdnet", "esc50", 544.42e6)]
    [InlineData("micro-acdnet", "esc50", 14.82e6)]
    public void CostModelCountsFlopsAsTheReferenceCalculatorDoes(string model, string variant, double expected)
    {
        var cost = CostModel.Analyze(ModelCatalog.Get(model, variant).BuildGraph());
        Assert.InRange(cost.ReferenceFlops, expected * 0.995, expected * 1.005);
    }

    [Fact]
    public void EveryGeneratedModuleMatchesTheCostModelParameterCount()
    {
        foreach (var variant in ModelCatalog.All)
        {
            using var module = variant.CreateModule();
            var cost = CostModel.Analyze(variant.BuildGraph());
            Assert.True(cost.Parameters == CountParameters(module), $"{variant.FullName}: cost model {cost.Parameters}, module {CountParameters(module)}");
        }
    }
}
