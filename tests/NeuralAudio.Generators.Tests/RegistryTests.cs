using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using NeuralAudio.Generators.Tests.Infrastructure;
using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.Generators.Tests;

/// <summary>The registry file: its exact text, that it compiles, and that its module initializer registers what it says.</summary>
public class RegistryTests
{
    [Fact]
    public void Registry_of_the_round_trip_model_matches_its_snapshot()
    {
        var run = RoundTripTests.RunRoundTrip();
        run.AssertNoDiagnostics();
        Snapshot.Match("RoundTrip.Registry.g.cs", run.Sources["RoundTrip.Registry.g.cs"]);
    }

    [Fact]
    public void Registry_lists_variants_in_declaration_order_with_the_attributed_file_first()
    {
        var run = RoundTripTests.RunRoundTrip();
        Assert.Equal(new[] { "Small", "WideSep", "TinyC3" }, run.CompiledIrNames("RoundTrip"));
    }

    [Fact]
    public void Generated_registry_compiles_and_registers_every_variant_from_its_module_initializer()
    {
        var run = RoundTripTests.RunRoundTrip();
        run.AssertNoDiagnostics();
        var errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        using var image = new MemoryStream();
        Assert.True(run.Output.Emit(image).Success);
        image.Position = 0;
        var context = new AssemblyLoadContext("generated-registry", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
            var registered = (IList)assembly.GetType("NeuralAudio.Models.ModelCatalog")!.GetField("Registered")!.GetValue(null)!;
            Assert.Equal(3, registered.Count);
            var names = new List<string>();
            foreach (var variant in registered)
            {
                string Get(string property) => (string)variant!.GetType().GetProperty(property)!.GetValue(variant)!;
                var define = (Action<IModelBuilder, object>)variant!.GetType().GetProperty("Define")!.GetValue(variant)!;
                var config = variant.GetType().GetProperty("Config")!.GetValue(variant)!;
                Assert.Null(variant.GetType().GetProperty("CreateModule")!.GetValue(variant)); // no Models layer: no module
                Assert.Equal("roundtrip", Get("ModelId"));
                names.Add(Get("Variant"));

                // The registered define delegate, run at run time on the registered config, rebuilds the compiled IR.
                var graph = GraphBuilder.Build("roundtrip", Get("Variant"), ModelFamily.Codec, b => define(b, config));
                Assert.Equal(GraphPrinter.Print(graph), Get("CompiledIr"));
                Assert.Equal(GraphPrinter.StructureHash(graph), Get("StructureHash"));
            }
            Assert.Equal(new[] { "small", "wide_sep", "tiny-c3" }, names);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Generator_output_is_byte_for_byte_deterministic()
    {
        var first = RoundTripTests.RunRoundTrip();
        var second = RoundTripTests.RunRoundTrip();
        Assert.Equal(first.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal), second.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (hint, text) in first.Sources) Assert.Equal(text, second.Sources[hint]);
        Assert.DoesNotContain('\r', first.Sources["RoundTrip.Registry.g.cs"]);
    }

    [Fact]
    public void A_module_is_emitted_and_registered_when_the_Models_layer_is_present()
    {
        const string layer = "namespace NeuralAudio.Models.Layers { public abstract class NeuralModule { } }";
        var run = GeneratorHarness.RunWithCatalog(Sources.Model("        b.Output(b.Input(1, 64, 16000).Conv1d(c.C, 3));"), layer);
        run.AssertNoDiagnostics();
        Assert.Contains("M.V.Module.g.cs", run.Sources.Keys);
        Assert.Contains("class MVModule", run.Sources["M.V.Module.g.cs"]);
        Assert.Contains("namespace Test.Generated;", run.Sources["M.V.Module.g.cs"]);
        Assert.Contains("createModule: static () => new global::Test.Generated.MVModule()));", run.Sources["M.Registry.g.cs"]);
    }

    [Fact]
    public void Without_the_Models_layer_variants_are_registered_without_a_module()
    {
        var run = GeneratorHarness.RunWithCatalog(Sources.Model("        b.Output(b.Input(1, 64, 16000).Conv1d(c.C, 3));"));
        Assert.Equal(new[] { "M.Registry.g.cs" }, run.Sources.Keys);
        Assert.Contains("createModule: null));", run.Sources["M.Registry.g.cs"]);
    }

    [Fact]
    public void A_model_in_the_global_namespace_gets_a_registry_without_a_namespace()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000));").Replace("namespace Test;", "");
        var run = GeneratorHarness.RunWithCatalog(source);
        run.AssertNoDiagnostics();
        var registry = run.Sources["M.Registry.g.cs"];
        Assert.DoesNotContain("namespace", registry);
        Assert.Contains("define: static (b, config) => Define(b, (global::Cfg)config),", registry);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Two_model_classes_of_the_same_name_get_hint_names_from_their_full_names()
    {
        var first = Sources.Model("        b.Output(b.Input(1, 64, 16000));");
        var second = first.Replace("namespace Test;", "namespace Other;");
        var run = GeneratorHarness.RunWithCatalog(first, second);
        run.AssertNoDiagnostics();
        Assert.Equal(new[] { "Other.M.Registry.g.cs", "Test.M.Registry.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void Classifier_family_reaches_the_builder_and_the_registry()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000).Flatten().Linear(10).Softmax());")
            .Replace("[NeuralModel(\"m\")]", "[NeuralModel(\"m\", Family = ModelFamily.Classifier)]");
        var run = GeneratorHarness.RunWithCatalog(source);
        run.AssertNoDiagnostics();
        var ir = run.CompiledIr("M", "V");
        Assert.StartsWith("model m v family=classifier\n", ir);
        Assert.Contains(" [classifier] = linear", ir);
        Assert.Contains("family: global::NeuralAudio.ModelDsl.ModelFamily.Classifier,", run.Sources["M.Registry.g.cs"]);
    }

    [Fact]
    public void A_failing_variant_is_left_out_and_the_others_are_registered()
    {
        var source = Sources.Model(
            "        b.Output(b.Input(1, 64, 16000).Conv1d(8, 8, stride: c.C));",
            variants: """
            [Variant("good")] public static readonly Cfg Good = new(4);
                [Variant("bad")] public static readonly Cfg Bad = new(3);
            """);
        var run = GeneratorHarness.RunWithCatalog(source);
        Assert.EndsWith("(variant 'bad')", run.Single("NA0002").GetMessage());
        Assert.Equal(new[] { "Good" }, run.CompiledIrNames("M"));
        Assert.DoesNotContain("variant: \"bad\"", run.Sources["M.Registry.g.cs"]);
    }
}
