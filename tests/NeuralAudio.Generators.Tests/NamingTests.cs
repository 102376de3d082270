extern alias generators;

using generators::NeuralAudio.Generators.Rendering;

namespace NeuralAudio.Generators.Tests;

public class NamingTests
{
    [Theory]
    [InlineData("ultra_tiny", "UltraTiny")]
    [InlineData("tiny", "Tiny")]
    [InlineData("esc50", "Esc50")]
    [InlineData("tiny-c10", "TinyC10")]
    [InlineData("tiny_c10", "TinyC10")]
    [InlineData("wideSep", "WideSep")]
    public void Variant_names_become_Pascal_case_identifiers(string variant, string expected) =>
        Assert.Equal(expected, Naming.Pascal(variant));

    [Fact]
    public void Variant_member_names_never_start_with_a_digit() => Assert.Equal("V44k", Naming.VariantMember("44k"));

    [Fact]
    public void String_literals_escape_quotes_backslashes_and_control_characters() =>
        Assert.Equal("\"a\\\"b\\\\c\\nd\\u0001\"", Naming.Literal("a\"b\\c\nd\u0001"));
}
