namespace NeuralAudio.Generators.Tests.Infrastructure;

/// <summary>Small model declarations for tests: one class <c>M</c> (model id <c>m</c>) with config record <c>Cfg</c>.</summary>
public static class Sources
{
    public const string DefaultVariants = """[Variant("v")] public static readonly Cfg V = new(8);""";

    /// <summary>
    /// A model whose definition body is <paramref name="body"/> (<c>b</c> is the builder, <c>c</c> the config, a
    /// <c>Cfg(int C)</c>), with <paramref name="variants"/> as members and <paramref name="extra"/> after the class.
    /// </summary>
    public static string Model(string body, string variants = DefaultVariants, string extra = "", string config = "public sealed record Cfg(int C);") => $$"""
        using System;
        using NeuralAudio.ModelDsl;

        namespace Test;

        {{config}}

        [NeuralModel("m")]
        public static partial class M
        {
            {{variants}}

            [ModelDefinition]
            public static void Define(IModelBuilder b, Cfg c)
            {
        {{body}}
            }
        }

        {{extra}}
        """;
}
