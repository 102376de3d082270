extern alias generators;

using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using generators::NeuralAudio.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators.Tests.Infrastructure;

/// <summary>
/// Builds an in-memory compilation (the .NET framework assemblies plus NeuralAudio.ModelDsl.dll) from source strings
/// and runs <see cref="NeuralModelGenerator"/> on it with step tracking on.
/// </summary>
public static class GeneratorHarness
{
    /// <summary>
    /// A stand-in for the Models layer's catalog with the real constructor shape. The generator writes the registry
    /// (and asks for modules) only when <c>NeuralAudio.Models.ModelCatalog</c> exists, so tests that look at the
    /// generated code add this source.
    /// </summary>
    public const string FakeCatalog = """
        namespace NeuralAudio.Models
        {
            public sealed class ModelVariant
            {
                public ModelVariant(string modelId, string variant, NeuralAudio.ModelDsl.ModelFamily family, object config,
                    string structureHash, string compiledIr, System.Action<NeuralAudio.ModelDsl.IModelBuilder, object> define,
                    System.Func<object>? createModule)
                {
                    ModelId = modelId; Variant = variant; Family = family; Config = config; StructureHash = structureHash;
                    CompiledIr = compiledIr; Define = define; CreateModule = createModule;
                }
                public string ModelId { get; }
                public string Variant { get; }
                public NeuralAudio.ModelDsl.ModelFamily Family { get; }
                public object Config { get; }
                public string StructureHash { get; }
                public string CompiledIr { get; }
                public System.Action<NeuralAudio.ModelDsl.IModelBuilder, object> Define { get; }
                public System.Func<object>? CreateModule { get; }
            }

            public static class ModelCatalog
            {
                public static readonly System.Collections.Generic.List<ModelVariant> Registered = new System.Collections.Generic.List<ModelVariant>();
                public static void Register(ModelVariant variant) => Registered.Add(variant);
            }
        }
        """;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>Framework reference assemblies of the running runtime, plus NeuralAudio.ModelDsl.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // Only the shared framework: the test's own folder also holds the generator assembly, whose compiled-in
        // copies of the DSL types would clash with NeuralAudio.ModelDsl's.
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDir, StringComparison.Ordinal))
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(TensorRef).Assembly.Location));
        return references.ToImmutableArray();
    }

    /// <summary>A compilation of <paramref name="sources"/>, named <c>Source0.cs</c>, <c>Source1.cs</c>... in order.</summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        Compile(sources.Select((text, i) => ($"Source{i}.cs", text)));

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources) =>
        CSharpCompilation.Create(
            "GeneratorTestInput",
            sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text, System.Text.Encoding.UTF8), ParseOptions, s.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new NeuralModelGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on <paramref name="sources"/> alone (no catalog: diagnostics only).</summary>
    public static GeneratorRun Run(params string[] sources) => Run(Compile(sources));

    /// <summary>Runs the generator on <paramref name="sources"/> plus <see cref="FakeCatalog"/>, so it writes the registry.</summary>
    public static GeneratorRun RunWithCatalog(params string[] sources) => Run(Compile(sources.Append(FakeCatalog).ToArray()));

    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        // A test source that does not compile would make the generator bow out silently (the compiler reports it).
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the test sources do not compile: " + string.Join("; ", errors));
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(compilation, output, driver.GetRunResult());
    }

    /// <summary>Where <c>/*@*/</c> sits in <paramref name="source"/>: the position of the text right after the marker.</summary>
    public static LinePosition Marker(string source, string marker = "/*@*/")
    {
        int index = source.IndexOf(marker, StringComparison.Ordinal);
        if (index < 0) throw new ArgumentException($"marker {marker} not found");
        return SourceText.From(source).Lines.GetLinePosition(index + marker.Length);
    }

    /// <summary>The test project's folder, from this file's path at compile time.</summary>
    public static string ProjectDirectory() => Path.GetFullPath(Path.Combine(ThisDirectory(), ".."));

    private static string ThisDirectory([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;

    /// <summary>The repository root (the folder holding Directory.Build.props).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(ProjectDirectory());
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + ProjectDirectory());
    }
}

/// <summary>The outcome of one generator run: generated files, generator diagnostics, and the tracked steps.</summary>
public sealed class GeneratorRun
{
    public GeneratorRun(CSharpCompilation input, Compilation output, GeneratorDriverRunResult result)
    {
        Input = input; Output = output; Result = result;
        Sources = result.Results.SelectMany(r => r.GeneratedSources)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
    }

    public CSharpCompilation Input { get; }
    public Compilation Output { get; }
    public GeneratorDriverRunResult Result { get; }

    /// <summary>Generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>What the generator reported (NAxxxx), in order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    public Diagnostic Single(string id)
    {
        var matching = Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {Describe()}");
        return matching[0];
    }

    public void AssertNoDiagnostics() => Assert.True(Diagnostics.IsEmpty, "unexpected diagnostics: " + Describe());

    public string Describe() => Diagnostics.IsEmpty ? "(none)" : string.Join("; ", Diagnostics.Select(d => d.ToString()));

    /// <summary>The value of <c>CompiledIr.&lt;name&gt;</c> in <c>&lt;className&gt;.Registry.g.cs</c>, read with Roslyn from the generated text.</summary>
    public string CompiledIr(string className, string constName)
    {
        Assert.True(Sources.ContainsKey(className + ".Registry.g.cs"),
            $"no registry for {className}; generated: {string.Join(", ", Sources.Keys)}; diagnostics: {Describe()}");
        var tree = CSharpSyntaxTree.ParseText(Sources[className + ".Registry.g.cs"], GeneratorHarness.ParseOptions);
        var declarator = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .SingleOrDefault(v => v.Identifier.Text == constName)
            ?? throw new InvalidOperationException($"no constant CompiledIr.{constName} in {className}.Registry.g.cs");
        return string.Concat(declarator.Initializer!.Value.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText));
    }

    /// <summary>The names of the CompiledIr constants, in order.</summary>
    public IReadOnlyList<string> CompiledIrNames(string className)
    {
        var tree = CSharpSyntaxTree.ParseText(Sources[className + ".Registry.g.cs"], GeneratorHarness.ParseOptions);
        return tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == "CompiledIr")
            .DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => v.Identifier.Text).ToList();
    }
}
