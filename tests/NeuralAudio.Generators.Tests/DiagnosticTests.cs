extern alias generators;

using Microsoft.CodeAnalysis;
using NeuralAudio.Generators.Tests.Infrastructure;

namespace NeuralAudio.Generators.Tests;

/// <summary>Each NAxxxx diagnostic from a small bad declaration: its id, and that it points at the offending code (marked <c>/*@*/</c>).</summary>
public class DiagnosticTests
{
    private static Diagnostic SingleAt(string source, string id)
    {
        var run = GeneratorHarness.Run(source);
        var diagnostic = run.Single(id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(GeneratorHarness.Marker(source), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        return diagnostic;
    }

    [Fact]
    public void NA0001_residual_add_of_different_shapes_is_reported_at_the_Add_call()
    {
        var source = Sources.Model("""
                    var x = b.Input(1, 64, 16000);
                    var y = x.Conv1d(16, 3);
                    b.Output(x./*@*/Add(y));
            """);
        var diagnostic = SingleAt(source, "NA0001");
        Assert.Contains("Add needs equal shapes", diagnostic.GetMessage());
        // The span runs from the member name to the end of the call, so each call of a fluent chain is told apart.
        Assert.Equal("Add(y)", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void NA0002_stride_that_does_not_divide_the_length_is_reported_at_the_Conv1d_call()
    {
        var source = Sources.Model("""
                    var x = b.Input(1, 1000, 16000).Conv1d(8, 7);
                    b.Output(x./*@*/Conv1d(8, 3, stride: 3));
            """);
        var diagnostic = SingleAt(source, "NA0002");
        Assert.Contains("stride 3 does not divide the input length 1000", diagnostic.GetMessage());
    }

    [Fact]
    public void NA0003_DateTime_Now_argument_is_reported_at_the_expression()
    {
        var source = Sources.Model("""
                    b.Output(b.Input(1, 64, /*@*/DateTime.Now.Second).Relu());
            """);
        var diagnostic = SingleAt(source, "NA0003");
        Assert.StartsWith("argument 'DateTime.Now' is not a compile-time constant", diagnostic.GetMessage());
    }

    [Fact]
    public void NA0003_non_readonly_static_field_is_not_a_constant()
    {
        var source = Sources.Model(
            """
                    b.Output(b.Input(1, 64, 16000).Conv1d(/*@*/Width, 3));
            """,
            variants: Sources.DefaultVariants + "\n    public static int Width = 8;");
        var diagnostic = SingleAt(source, "NA0003");
        Assert.Contains("static field 'M.Width' is not readonly", diagnostic.GetMessage());
    }

    [Fact]
    public void NA0003_call_to_a_method_without_source_is_not_a_constant()
    {
        var source = Sources.Model("""
                    b.Output(b.Input(1, 64, 16000).Conv1d(/*@*/Environment.ProcessorCount, 3));
            """);
        SingleAt(source, "NA0003");
    }

    [Fact]
    public void NA0004_lambda_is_reported_at_the_lambda()
    {
        var source = Sources.Model("""
                    Func<int, int> twice = /*@*/k => k * 2;
                    b.Output(b.Input(1, 64, 16000).Conv1d(twice(4), 3));
            """);
        var diagnostic = SingleAt(source, "NA0004");
        Assert.Equal("unsupported C# construct 'lambda' in model definition", diagnostic.GetMessage().Split(" (variant")[0]);
    }

    [Fact]
    public void NA0004_switch_expression_is_reported_at_the_switch()
    {
        var source = Sources.Model("""
                    int k = /*@*/c.C switch { 8 => 3, _ => 5 };
                    b.Output(b.Input(1, 64, 16000).Conv1d(8, k));
            """);
        var diagnostic = SingleAt(source, "NA0004");
        Assert.Contains("'switch expression'", diagnostic.GetMessage());
    }

    [Fact]
    public void NA0004_try_statement_is_reported()
    {
        var source = Sources.Model("""
                    var x = b.Input(1, 64, 16000);
                    /*@*/try { x = x.Relu(); } finally { }
                    b.Output(x);
            """);
        Assert.Contains("'try statement'", SingleAt(source, "NA0004").GetMessage());
    }

    [Fact]
    public void NA0004_local_function_is_reported()
    {
        var source = Sources.Model("""
            /*@*/int Twice(int v) => v * 2;
                    b.Output(b.Input(1, 64, Twice(8000)));
            """);
        Assert.Contains("'local function'", SingleAt(source, "NA0004").GetMessage());
    }

    [Fact]
    public void NA0004_struct_config_is_reported_at_its_creation()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000).Conv1d(c.C, 3));",
            variants: """[Variant("v")] public static readonly Cfg V = /*@*/new(8);""",
            config: "public readonly record struct Cfg(int C);");
        Assert.Contains("'struct'", SingleAt(source, "NA0004").GetMessage());
    }

    [Fact]
    public void NA0004_loop_that_does_not_terminate_is_reported_at_the_loop()
    {
        var source = Sources.Model("""
                    int n = c.C;
                    /*@*/while (n > 0) { n = n + 0; }
                    b.Output(b.Input(1, 64, 16000));
            """);
        Assert.Contains("loop did not terminate", SingleAt(source, "NA0004").GetMessage());
    }

    [Fact]
    public void NA0004_unbounded_recursion_is_reported()
    {
        var source = Sources.Model(
            """
                    b.Output(Deep.Grow(b.Input(1, 64, 16000)));
            """,
            extra: """
            public static class Deep
            {
                public static TensorRef Grow(TensorRef x) => /*@*/Grow(x.Relu());
            }
            """);
        Assert.Contains("nested more than", SingleAt(source, "NA0004").GetMessage());
    }

    [Fact]
    public void NA0005_class_that_is_not_partial()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000));").Replace("public static partial class M", "public static class /*@*/M");
        Assert.Contains("must be declared partial", SingleAt(source, "NA0005").GetMessage());
    }

    [Fact]
    public void NA0005_class_without_a_definition_method()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000));")
            .Replace("[ModelDefinition]", "")
            .Replace("public static partial class M", "public static partial class /*@*/M");
        Assert.Contains("has no [ModelDefinition] method", SingleAt(source, "NA0005").GetMessage());
    }

    [Fact]
    public void NA0005_definition_with_the_wrong_signature()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000));")
            .Replace("public static void Define(IModelBuilder b, Cfg c)", "public static void /*@*/Define(IModelBuilder b, Cfg c, int extra)");
        Assert.Contains("must be 'static void Define(IModelBuilder b, TConfig config)'", SingleAt(source, "NA0005").GetMessage());
    }

    [Fact]
    public void NA0005_class_without_variants()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000));", variants: "")
            .Replace("public static partial class M", "public static partial class /*@*/M");
        Assert.Contains("declares no [Variant] members", SingleAt(source, "NA0005").GetMessage());
    }

    [Fact]
    public void NA0005_variant_of_the_wrong_type()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000));",
            variants: Sources.DefaultVariants + """

                [Variant("w")] public static readonly int /*@*/W = 3;
            """);
        Assert.Contains("has type 'int' but Define takes 'Test.Cfg'", SingleAt(source, "NA0005").GetMessage());
    }

    [Fact]
    public void NA0005_duplicate_variant_names()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000));",
            variants: Sources.DefaultVariants + """

                [Variant("v")] public static readonly Cfg /*@*/Again = new(4);
            """);
        Assert.Contains("variant name 'v' is used twice", SingleAt(source, "NA0005").GetMessage());
    }

    [Fact]
    public void NA0005_definition_that_never_calls_Output_is_reported_at_the_definition()
    {
        var source = Sources.Model("        b.Input(1, 64, 16000).Relu();")
            .Replace("public static void Define(", "public static void /*@*/Define(");
        Assert.Contains("never calls Output", SingleAt(source, "NA0005").GetMessage());
    }

    [Fact]
    public void NA0006_permutation_with_a_repeated_axis_is_reported_at_the_Permute_call()
    {
        var source = Sources.Model("""
                    b.Output(b.Input(1, 64, 16000)./*@*/Permute(0, 0));
            """);
        Assert.Contains("is not a permutation", SingleAt(source, "NA0006").GetMessage());
    }

    [Fact]
    public void NA0006_kernel_zero_is_reported_at_the_Conv1d_call()
    {
        var source = Sources.Model("""
                    b.Output(b.Input(1, 64, 16000)./*@*/Conv1d(8, c.C - 8));
            """);
        Assert.Contains("kernel must be at least 1", SingleAt(source, "NA0006").GetMessage());
    }

    [Fact]
    public void NA0006_division_by_zero_while_evaluating_is_reported_at_the_division()
    {
        var source = Sources.Model("""
                    int zero = c.C - 8;
                    b.Output(b.Input(1, 64, 16000).Conv1d(/*@*/8 / zero, 3));
            """);
        Assert.Contains("DivideByZeroException", SingleAt(source, "NA0006").GetMessage());
    }

    [Fact]
    public void NA0006_checked_overflow_is_reported()
    {
        var source = Sources.Model("""
                    int big = checked(/*@*/int.MaxValue - 8 + c.C * 2);
                    b.Output(b.Input(1, 64, big));
            """);
        Assert.Contains("OverflowException", SingleAt(source, "NA0006").GetMessage());
    }

    [Fact]
    public void Error_inside_a_helper_method_is_located_at_the_call_inside_the_helper()
    {
        var source = Sources.Model(
            """
                    b.Output(b.Input(1, 64, 16000).Conv1d(8, 3).Bad());
            """,
            extra: """
            public static class Helpers
            {
                public static TensorRef Bad(this TensorRef x)
                {
                    var wider = x.Conv1d(x.Channels * 2, 1);
                    return x./*@*/Add(wider);
                }
            }
            """);
        SingleAt(source, "NA0001");
    }

    [Fact]
    public void Error_in_a_variant_initializer_in_another_file_is_located_there()
    {
        var model = Sources.Model("        b.Output(b.Input(1, 64, c.C));");
        var variants = """
            using System;
            namespace Test;
            public static partial class M
            {
                [NeuralAudio.ModelDsl.Variant("late")] public static readonly Cfg Late = new(/*@*/Environment.TickCount);
            }
            """;
        var run = GeneratorHarness.Run(model, variants);
        var diagnostic = run.Single("NA0003");
        Assert.Equal("Source1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(GeneratorHarness.Marker(variants), diagnostic.Location.GetLineSpan().StartLinePosition);
    }

    [Fact]
    public void The_same_error_in_every_variant_is_reported_once_naming_the_variants()
    {
        var source = Sources.Model(
            """
                    b.Output(b.Input(1, 64, 16000)./*@*/Permute(1, 1));
            """,
            variants: Sources.DefaultVariants + """

                [Variant("w")] public static readonly Cfg W = V with { C = 16 };
            """);
        var diagnostic = SingleAt(source, "NA0006");
        Assert.EndsWith("(variants 'v', 'w')", diagnostic.GetMessage());
    }

    [Fact]
    public void Diagnostics_are_reported_without_the_Models_layer_and_no_file_is_generated()
    {
        var run = GeneratorHarness.Run(Sources.Model("        b.Output(b.Input(1, 64, 16000)./*@*/Permute(0, 0));"));
        run.Single("NA0006");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Code_that_does_not_compile_gets_no_generator_diagnostic_on_top_of_the_compiler_error()
    {
        var source = Sources.Model("        b.Output(b.Input(1, 64, 16000).NoSuchOp());");
        var compilation = GeneratorHarness.Compile(source);
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS1061");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
    }

    [Fact]
    public void A_type_error_gets_no_generator_diagnostic_either()
    {
        var compilation = GeneratorHarness.Compile(Sources.Model("        int k = \"three\"; b.Output(b.Input(1, 64, 16000).Conv1d(8, k));"));
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS0029");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
    }

    [Fact]
    public void Every_diagnostic_id_has_a_descriptor_in_the_NeuralAudio_category()
    {
        foreach (var id in new[] { "NA0001", "NA0002", "NA0003", "NA0004", "NA0005", "NA0006" })
        {
            var descriptor = generators::NeuralAudio.Generators.DiagnosticDescriptors.ForId(id);
            Assert.Equal(id, descriptor.Id);
            Assert.Equal("NeuralAudio", descriptor.Category);
            Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        }
    }
}
