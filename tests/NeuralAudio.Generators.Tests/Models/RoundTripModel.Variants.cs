using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators.Tests.Models;

// More variants of RoundTrip in a second partial file: a `with` variant and a property variant.
public static partial class RoundTrip
{
    [Variant("wide_sep")]
    public static readonly RoundTripConfig WideSeparable = Small with { Width = Width.Wide, Separable = true, Strides = [4, 2, 2] };

    [Variant("tiny-c3")]
    public static RoundTripConfig TinyC3 => new RoundTripConfig(3, 8) { Prefix = "blk", Slope = 0.1 };
}
