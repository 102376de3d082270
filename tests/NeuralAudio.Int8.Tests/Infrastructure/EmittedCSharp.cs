using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.Int8CSharp;
using NeuralAudio.ModelDsl.Planning;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>
/// Compiles the generated C# class of a graph with Roslyn, against NeuralAudio.Runtime only, with nullable on and
/// every warning reported (a host project has warnings as errors), and instantiates it.
/// </summary>
internal static class EmittedCSharp
{
    public const string Namespace = "NeuralAudio.Generated.Int8";

    private static readonly Lazy<IReadOnlyList<MetadataReference>> references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(QuantizedModel).Assembly.Location, typeof(DeployGraph).Assembly.Location])
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    private static readonly ConcurrentDictionary<string, Lazy<Type>> types = new();

    public static string ClassName(DeployGraph graph) =>
        string.Concat(graph.Symbol.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    public static string Source(ZooGraph zoo) =>
        Int8CSharpEmitter.Emit(zoo.Deploy, zoo.Plan, Namespace, ClassName(zoo.Deploy), zoo.Declaration);

    /// <summary>Compiles (once per source text) and instantiates the generated class with <paramref name="model"/>.</summary>
    public static object Create(string source, string className, QuantizedModel model)
    {
        var type = types.GetOrAdd(source, s => new Lazy<Type>(() => Compile(s, className))).Value;
        try
        {
            return Activator.CreateInstance(type, model)!;
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    public static IInt8Encoder Encoder(ZooGraph zoo, QuantizedModel model) => (IInt8Encoder)Create(Source(zoo), ClassName(zoo.Deploy), model);

    public static IInt8Classifier Classifier(ZooGraph zoo, QuantizedModel model) => (IInt8Classifier)Create(Source(zoo), ClassName(zoo.Deploy), model);

    /// <summary>Compiles; fails with every diagnostic of warning level or worse and the numbered source.</summary>
    public static Type Compile(string source, string className)
    {
        // Documentation mode reports missing XML docs (CS1591), as a host with GenerateDocumentationFile would.
        var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        var tree = CSharpSyntaxTree.ParseText(source, parse, path: className + ".g.cs");
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999);
        var compilation = CSharpCompilation.Create("Int8_" + className + "_" + Guid.NewGuid().ToString("N"), [tree], references.Value, options);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
        {
            var numbered = string.Join("\n", source.Split('\n').Select((l, i) => $"{i + 1,5}: {l}"));
            throw new InvalidOperationException("generated C# does not compile cleanly:\n" + string.Join("\n", problems) + "\n\n" + numbered);
        }
        stream.Position = 0;
        var assembly = AssemblyLoadContext.Default.LoadFromStream(stream);
        return assembly.GetType(Namespace + "." + className, throwOnError: true)!;
    }
}
