extern alias generators;

using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using generators::NeuralAudio.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NeuralAudio.Generators.Tests.Infrastructure;

namespace NeuralAudio.Generators.Tests;

/// <summary>
/// Incremental caching, after the pattern of andrewlock/NetEscapades' TestHelpers: a second run must find every
/// tracked step cached or unchanged, and the step outputs must hold no compilation, symbol or syntax node.
/// </summary>
public class IncrementalTests
{
    private static readonly string[] TrackedNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private static CSharpCompilation Model() =>
        GeneratorHarness.Compile(
            Sources.Model("""
                        var x = b.Input(1, 64, 16000);
                        foreach (var k in new[] { 3, 5 }) x = x.Conv1d(c.C, k);
                        b.Output(x);
                """),
            GeneratorHarness.FakeCatalog);

    private static (GeneratorDriverRunResult First, GeneratorDriverRunResult Second) RunTwice(
        CSharpCompilation compilation, Func<CSharpCompilation, CSharpCompilation> change)
    {
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult();
        driver = driver.RunGenerators(change(compilation));
        return (first, driver.GetRunResult());
    }

    private static Dictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> Tracked(GeneratorDriverRunResult result) =>
        result.Results[0].TrackedSteps.Where(s => TrackedNames.Contains(s.Key)).ToDictionary(s => s.Key, s => s.Value);

    private static void AssertCached(GeneratorDriverRunResult first, GeneratorDriverRunResult second)
    {
        var before = Tracked(first);
        var after = Tracked(second);
        Assert.Equal(TrackedNames.OrderBy(n => n), before.Keys.OrderBy(n => n));
        Assert.Equal(before.Keys.OrderBy(n => n), after.Keys.OrderBy(n => n));
        foreach (var (name, steps) in after)
        {
            foreach (var output in steps.SelectMany(s => s.Outputs))
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {name} ran again with reason {output.Reason}");
        }
        foreach (var step in before.Values.SelectMany(s => s)) AssertNoRoslynObjects(step);
    }

    [Fact]
    public void Second_run_on_the_same_compilation_is_fully_cached()
    {
        var (first, second) = RunTwice(Model(), c => c.Clone());
        AssertCached(first, second);
        Assert.All(Tracked(second).Values.SelectMany(s => s).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_output_cached_or_unchanged()
    {
        var (first, second) = RunTwice(Model(), c => c.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Other; public static class Unrelated { public const int X = 1; }",
                GeneratorHarness.ParseOptions, "Unrelated.cs")));
        AssertCached(first, second);
    }

    [Fact]
    public void Editing_the_definition_produces_new_output()
    {
        var compilation = Model();
        var tree = compilation.SyntaxTrees.First();
        var edited = CSharpSyntaxTree.ParseText(tree.ToString().Replace("new[] { 3, 5 }", "new[] { 3, 7 }"), GeneratorHarness.ParseOptions, tree.FilePath);
        var (_, second) = RunTwice(compilation, c => c.ReplaceSyntaxTree(tree, edited));
        var sources = Tracked(second)[TrackingNames.Sources].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(sources, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("k=7", second.Results[0].GeneratedSources.Single(s => s.HintName == "M.Registry.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Editing_a_helper_in_another_file_produces_new_output()
    {
        // The transform reads helpers and variants from other files: it must see their edits.
        var helper = "namespace Test; public static class Widths { public static int Of(int c) => c * 2; }";
        var compilation = GeneratorHarness.Compile(
            Sources.Model("        b.Output(b.Input(1, 64, 16000).Conv1d(Widths.Of(c.C), 3));"), helper, GeneratorHarness.FakeCatalog);
        var tree = compilation.SyntaxTrees.ElementAt(1);
        var edited = CSharpSyntaxTree.ParseText(helper.Replace("c * 2", "c * 3"), GeneratorHarness.ParseOptions, tree.FilePath);
        var (first, second) = RunTwice(compilation, c => c.ReplaceSyntaxTree(tree, edited));
        string Registry(GeneratorDriverRunResult r) => r.Results[0].GeneratedSources.Single(s => s.HintName == "M.Registry.g.cs").SourceText.ToString();
        Assert.Contains("out=16 k=3", Registry(first));
        Assert.Contains("out=24 k=3", Registry(second));
    }

    /// <summary>Walks a step's outputs: caching a Compilation, ISymbol or SyntaxNode would keep compilations alive and defeat equality.</summary>
    private static void AssertNoRoslynObjects(IncrementalGeneratorRunStep step)
    {
        foreach (var (value, _) in step.Outputs) Visit(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step.Name ?? "?");
    }

    private static void Visit(object? node, HashSet<object> seen, string path)
    {
        if (node is null || node is string || node.GetType().IsPrimitive || node.GetType().IsEnum || !seen.Add(node)) return;
        Assert.False(node is Compilation || node is ISymbol || node is SyntaxNode || node is SemanticModel || node is SyntaxTree,
            $"{path} holds a {node.GetType().Name}");
        if (node is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items) Visit(item, seen, $"{path}[{i++}]");
            return;
        }
        foreach (var field in node.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            Visit(field.GetValue(node), seen, $"{path}.{field.Name}");
    }
}
