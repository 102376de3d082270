using NeuralAudio.Generators.Tests.Infrastructure;

namespace NeuralAudio.Generators.Tests;

/// <summary>
/// What the compile-time evaluator supports, checked through the IR text the generator writes into
/// <c>CompiledIr</c> (the compilation holds a fake ModelCatalog, so the registry is emitted).
/// </summary>
public class EvaluatorTests
{
    private static string Ir(string body, string variants = Sources.DefaultVariants, string extra = "",
        string config = "public sealed record Cfg(int C);", string constName = "V")
    {
        var run = GeneratorHarness.RunWithCatalog(Sources.Model(body, variants, extra, config));
        run.AssertNoDiagnostics();
        return run.CompiledIr("M", constName);
    }

    /// <summary>The IR line of the node called <paramref name="name"/>.</summary>
    private static string Node(string ir, string name)
    {
        var line = ir.Split('\n').SingleOrDefault(l => l.Split(' ').Length > 1 && l.Split(' ')[1] == name);
        Assert.True(line != null, $"no node '{name}' in:\n{ir}");
        return line!;
    }

    [Fact]
    public void Loop_over_a_constant_array_adds_one_op_per_element()
    {
        var ir = Ir("""
                    var x = b.Input(1, 64, 16000);
                    foreach (var k in new[] { 3, 5, 7 }) x = x.Conv1d(8, k);
                    b.Output(x);
            """);
        Assert.Contains("in=1 out=8 k=3 ", Node(ir, "conv0"));
        Assert.Contains("in=8 out=8 k=5 ", Node(ir, "conv1"));
        Assert.Contains("in=8 out=8 k=7 ", Node(ir, "conv2"));
        Assert.DoesNotContain(" conv3 ", ir);
    }

    [Fact]
    public void Arithmetic_follows_CSharp_for_ints_longs_and_doubles()
    {
        var ir = Ir("""
                    int channels = (c.C * 3 + 1) / 2 % 7;          // 25 / 2 = 12, 12 % 7 = 5
                    long big = (long)c.C << 40;
                    int back = (int)(big >> 38);                    // 32
                    double alpha = c.C / 16.0;                      // 0.5
                    int floored = (int)Math.Floor(7.9);             // 7
                    int negative = -c.C % 3;                        // -2
                    int wrapped = unchecked(int.MaxValue + c.C) - int.MinValue;   // wraps to 7
                    var x = b.Input(1, 64, 16000).Conv1d(channels, 3).Elu(alpha).Conv1d(back, 1);
                    x = x.Conv1d(Math.Max(floored, Math.Abs(negative)), wrapped);
                    b.Output(x);
            """);
        Assert.Contains("out=5 k=3", Node(ir, "conv0"));
        Assert.Contains("alpha=0.5", Node(ir, "elu0"));
        Assert.Contains("out=32 k=1", Node(ir, "conv1"));
        Assert.Contains("out=7 k=7", Node(ir, "conv2"));
    }

    [Fact]
    public void Config_record_values_and_parameter_defaults_reach_the_DSL()
    {
        var ir = Ir(
            """
                    b.Output(b.Input(1, 64, c.Rate).Conv1d(c.C, c.K, padding: c.Pad, name: c.Name));
            """,
            config: """public sealed record Cfg(int C, int K = 5, Padding Pad = Padding.Same, string Name = "body", int Rate = 8000);""");
        Assert.Contains("shape=1,64 sr=8000", Node(ir, "input"));
        Assert.Contains("in=1 out=8 k=5 s=1 d=1 g=1 pad=same", Node(ir, "body"));
    }

    [Fact]
    public void With_variant_declared_in_a_second_partial_file_is_evaluated()
    {
        var model = Sources.Model("        b.Output(b.Input(1, 64, 16000).Conv1d(c.C, 3));");
        var more = """
            using NeuralAudio.ModelDsl;
            namespace Test;
            public static partial class M
            {
                [Variant("wide")] public static readonly Cfg Wide = V with { C = V.C * 2 };
            }
            """;
        var run = GeneratorHarness.RunWithCatalog(model, more);
        run.AssertNoDiagnostics();
        Assert.Contains("out=8 k=3", Node(run.CompiledIr("M", "V"), "conv0"));
        Assert.Contains("out=16 k=3", Node(run.CompiledIr("M", "Wide"), "conv0"));
        Assert.StartsWith("model m wide family=codec\n", run.CompiledIr("M", "Wide"));
    }

    [Fact]
    public void Variant_declared_as_a_property_is_evaluated()
    {
        var ir = Ir("        b.Output(b.Input(1, 64, 16000).Conv1d(c.C, 3));",
            variants: """[Variant("p")] public static Cfg P => new(C: 4);""", constName: "P");
        Assert.Contains("out=4 k=3", Node(ir, "conv0"));
    }

    [Fact]
    public void Helper_and_extension_methods_are_interpreted_from_source()
    {
        var ir = Ir(
            """
                    b.Output(Blocks.Stack(b.Input(Blocks.Twice(1), 64, 16000), 1, 5).Unit());
            """,
            extra: """
            public static class Blocks
            {
                public static TensorRef Unit(this TensorRef x, int k = 3) => x.Conv1d(x.Channels, k).Relu();

                public static TensorRef Stack(TensorRef x, params int[] kernels)
                {
                    foreach (var k in kernels) x = x.Unit(k);
                    return x;
                }

                public static int Twice(int v) { return v * 2; }
            }
            """);
        Assert.Contains("in=2 out=2 k=1", Node(ir, "conv0"));
        Assert.Contains("in=2 out=2 k=5", Node(ir, "conv1"));
        Assert.Contains("in=2 out=2 k=3", Node(ir, "conv2"));
        Assert.Contains(" relu2 ", ir);
    }

    [Fact]
    public void Computed_record_properties_and_property_initializers_follow_CSharp_semantics()
    {
        const string config = """
            public sealed record Cfg(int C)
            {
                private static readonly int[] Extra = { 7 };
                public int Double => C * 2;
                public int Sum { get { int s = 0; for (int i = 1; i <= C; i++) s += i; return s; } }
                public int Seeded { get; init; } = C + 1;
                public int[] Kernels => [1, .. Extra, 3];
            }
            """;
        const string body = "        b.Output(b.Input(1, 64, 16000).Conv1d(c.Double, 1).Conv1d(c.Sum, 1).Conv1d(c.Seeded, c.Kernels[1]));";
        var variants = Sources.DefaultVariants + "\n    [Variant(\"w\")] public static readonly Cfg W = V with { C = 2 };";
        var v = Ir(body, variants, config: config);
        Assert.Contains("out=16 k=1", Node(v, "conv0"));
        Assert.Contains("out=36 k=1", Node(v, "conv1"));
        Assert.Contains("out=9 k=7", Node(v, "conv2"));
        // `with` copies stored members (Seeded keeps 9) while computed properties follow the new C.
        var w = Ir(body, variants, config: config, constName: "W");
        Assert.Contains("out=4 k=1", Node(w, "conv0"));
        Assert.Contains("out=3 k=1", Node(w, "conv1"));
        Assert.Contains("out=9 k=7", Node(w, "conv2"));
    }

    [Fact]
    public void Class_with_explicit_constructors_and_object_initializers_is_evaluated()
    {
        const string config = """
            public sealed class Cfg
            {
                public Cfg(int c) { C = c; Half = c / 2; }
                public Cfg() : this(6) { Tag = "d"; }
                public int C { get; set; }
                public int Half { get; }
                public string Tag { get; init; } = "x";
                public int Extra;
            }
            """;
        const string body = "        b.Output(b.Input(1, 64, 16000).Conv1d(c.C, 1, name: c.Tag + \"a\").Conv1d(c.Half + c.Extra, 1));";
        const string variants = """
            [Variant("v")] public static readonly Cfg V = new(8) { Extra = 3 };
                [Variant("d")] public static readonly Cfg D = new() { C = 10 };
            """;
        Assert.Contains("out=8 ", Node(Ir(body, variants, config: config), "xa"));
        Assert.Contains("out=7 ", Node(Ir(body, variants, config: config), "conv0"));
        Assert.Contains("out=10 ", Node(Ir(body, variants, config: config, constName: "D"), "da"));
        Assert.Contains("out=3 ", Node(Ir(body, variants, config: config, constName: "D"), "conv0"));
    }

    [Fact]
    public void String_interpolation_and_concatenation_name_scopes()
    {
        var ir = Ir("""
                    var x = b.Input(1, 64, 16000);
                    for (int i = 0; i < 2; i++)
                    {
                        using (b.Scope($"block{i}"))
                        using (b.Scope("res" + (i + 1)))
                            x = x.Conv1d(8, 3);
                    }
                    using (b.Scope($"tail{c.C:D3}"))
                        x = x.Relu();
                    b.Output(x);
            """);
        Assert.Contains("out=8", Node(ir, "block0.res1.conv0"));
        Assert.Contains("out=8", Node(ir, "block1.res2.conv0"));
        Node(ir, "tail008.relu0");
    }

    [Fact]
    public void Using_declarations_and_early_returns_close_their_scopes()
    {
        var ir = Ir(
            """
                    var x = b.Input(1, 64, 16000);
                    {
                        using var inner = b.Scope("inner");
                        x = x.Relu();
                    }
                    x = Helpers.Early(b, x);
                    x = x.Relu();
                    b.Output(x);
            """,
            extra: """
            public static class Helpers
            {
                public static TensorRef Early(IModelBuilder b, TensorRef x)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        using (b.Scope("early"))
                        {
                            if (i == 0) return x.Elu();
                        }
                    }
                    return x;
                }
            }
            """);
        Node(ir, "inner.relu0");
        Node(ir, "early.elu0");
        Node(ir, "relu0");
    }

    [Fact]
    public void Parts_name_nodes_and_label_their_part()
    {
        var ir = Ir("""
                    var x = b.Input(1, 64, 16000);
                    using (b.Part("encoder")) x = x.Conv1d(8, 4, stride: 4);
                    TensorRef q;
                    using (b.Part("quantizer")) q = x.ResidualVq(2, 16);
                    b.Output(q);
            """);
        Assert.Contains("[encoder] = conv", Node(ir, "encoder.conv0"));
        Assert.Contains("[quantizer] = rvq", Node(ir, "quantizer.rvq0"));
    }

    [Fact]
    public void Enum_members_are_passed_to_DSL_methods_and_compared()
    {
        var ir = Ir(
            """
                    var padding = c.Mode == Mode.Wide ? Padding.Same : Padding.Valid;
                    b.Output(b.Input(1, 64, 16000).Conv1d(8, 3, padding: padding).Conv1d(8, 3, padding: Padding.Valid));
            """,
            config: "public enum Mode { Narrow, Wide }\npublic sealed record Cfg(int C, Mode Mode = Mode.Wide);");
        Assert.Contains("pad=same", Node(ir, "conv0"));
        Assert.Contains("pad=valid", Node(ir, "conv1"));
    }

    [Fact]
    public void While_do_break_and_continue_follow_CSharp()
    {
        var ir = Ir("""
                    var x = b.Input(1, 64, 16000);
                    int i = 0;
                    while (true)
                    {
                        i++;
                        if (i % 2 == 0) continue;
                        if (i > 5) break;
                        x = x.Conv1d(8, i);
                    }
                    do { x = x.Relu(); } while (--i > 5);
                    b.Output(x);
            """);
        Assert.Contains("k=1 ", Node(ir, "conv0"));
        Assert.Contains("k=3 ", Node(ir, "conv1"));
        Assert.Contains("k=5 ", Node(ir, "conv2"));
        Node(ir, "relu1");
        Assert.DoesNotContain(" relu2 ", ir);
    }

    [Fact]
    public void Static_members_and_constants_of_other_classes_are_read_from_source()
    {
        var ir = Ir(
            """
                    b.Output(b.Input(1, 64, Settings.Rate).Conv1d(Settings.Widths[0], Settings.Kernel).Conv1d(Settings.Doubled, 1));
            """,
            extra: """
            public static class Settings
            {
                public const int Kernel = 5;
                public static readonly int[] Widths = { 4, 6 };
                public static int Rate { get; } = 8000 * 2;
                public static int Doubled => Widths[1] * 2;
            }
            """);
        Assert.Contains("sr=16000", Node(ir, "input"));
        Assert.Contains("out=4 k=5", Node(ir, "conv0"));
        Assert.Contains("out=12 k=1", Node(ir, "conv1"));
    }

    [Fact]
    public void Arrays_are_allocated_written_and_read_and_shapes_come_back_from_the_DSL()
    {
        var ir = Ir("""
                    var widths = new int[3];
                    for (int i = 0; i < widths.Length; i++) widths[i] = (i + 1) * c.C;
                    widths[2] += 1;
                    var x = b.Input(1, 64, 16000);
                    foreach (var w in widths) x = x.Conv1d(w, 1);
                    int[] shape = x.Shape;
                    b.Output(x.Reshape(shape[0] * 2, x.Length / 2));
            """);
        Assert.Contains("out=8 ", Node(ir, "conv0"));
        Assert.Contains("out=16 ", Node(ir, "conv1"));
        Assert.Contains("out=25 ", Node(ir, "conv2"));
        Assert.EndsWith("-> 50x32", Node(ir, "reshape0"));
    }

    [Fact]
    public void Conditional_logical_and_null_coalescing_operators_follow_CSharp()
    {
        var ir = Ir("""
                    bool wide = c.C > 4 && !(c.C == 9) || c.C < 0;
                    int k = wide ? 5 : 3;
                    string? none = null;
                    string name = none ?? "fallback";
                    b.Output(b.Input(1, 64, 16000).Conv1d(8, k, name: name));
            """);
        Assert.Contains("k=5 ", Node(ir, "fallback"));
    }

    [Fact]
    public void Math_and_string_helpers_are_called_with_the_bound_overload()
    {
        var ir = Ir("""
                    int eight = (int)Math.Pow(2, 3);
                    int four = (int)Math.Ceiling(7 / 2.0);
                    string name = "Block".ToLowerInvariant() + c.C.ToString();
                    b.Output(b.Input(1, 64, 16000).Conv1d(eight, four, name: name));
            """);
        Assert.Contains("out=8 k=4 ", Node(ir, "block8"));
    }

    [Fact]
    public void String_concatenation_formats_chars_doubles_and_booleans_like_CSharp()
    {
        var ir = Ir("""
                    char ch = 'a';
                    ch++;
                    string name = "n" + ch + 1.5 + true;
                    b.Output(b.Input(1, 64, 16000).Conv1d(8, 3, name: name.Replace(".", "_")));
            """);
        Node(ir, "nb1_5True");
    }

    [Fact]
    public void Generic_helpers_and_extension_methods_on_numbers_are_interpreted()
    {
        var ir = Ir(
            """
                    b.Output(Blocks.Id(b.Input(1, 64, 16000)).Conv1d(Blocks.Id(3).Twice(), 3));
            """,
            extra: """
            public static class Blocks
            {
                public static T Id<T>(T value) => value;
                public static int Twice(this int v) => v * 2;
            }
            """);
        Assert.Contains("out=6 k=3", Node(ir, "conv0"));
    }

    [Fact]
    public void Recursive_helpers_within_the_depth_limit_are_evaluated()
    {
        var ir = Ir(
            """
                    b.Output(Deep.Grow(b.Input(1, 64, 16000), 3));
            """,
            extra: """
            public static class Deep
            {
                public static TensorRef Grow(TensorRef x, int n) => n == 0 ? x : Grow(x.Conv1d(x.Channels * 2, 1), n - 1);
            }
            """);
        Assert.Contains("out=8 ", Node(ir, "conv2"));
    }
}
