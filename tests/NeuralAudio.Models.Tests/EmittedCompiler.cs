using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models.Layers;

namespace NeuralAudio.Models.Tests;

/// <summary>Compiles emitted sources with Roslyn the way the generator's host project would, and loads them.</summary>
internal static class EmittedCompiler
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(new[] { typeof(TorchSharp.torch).Assembly.Location, typeof(NeuralModule).Assembly.Location, typeof(Graph).Assembly.Location })
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    });

    /// <summary>Compiles with nullable on and every warning level; returns the diagnostics of severity warning or worse.</summary>
    public static (Assembly? Assembly, IReadOnlyList<Diagnostic> Problems) Compile(string source, string assemblyName)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(source, parse, path: assemblyName + ".g.cs");
        // src/Models has ImplicitUsings on: the emitted usings must not clash with these global ones.
        var implicitUsings = CSharpSyntaxTree.ParseText(
            "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
            "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n", parse, path: "GlobalUsings.g.cs");
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999);
        var compilation = CSharpCompilation.Create(assemblyName, new[] { tree, implicitUsings }, References.Value, options);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success) return (null, problems);
        stream.Position = 0;
        return (AssemblyLoadContext.Default.LoadFromStream(stream), problems);
    }

    /// <summary>Compiles and instantiates <paramref name="typeName"/>; fails the test with the compiler's messages otherwise.</summary>
    public static NeuralModule Instantiate(string source, string typeName)
    {
        var (assembly, problems) = Compile(source, "Emitted_" + Guid.NewGuid().ToString("N"));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => p.ToString())) + "\n\n" + source);
        var type = assembly!.GetType(typeName, throwOnError: true)!;
        return (NeuralModule)Activator.CreateInstance(type)!;
    }
}
