using NeuralAudio.ModelDsl;

namespace NeuralAudio.Models;

// A user-declared variant: TinyStream "tiny" with 10 encoder channels instead of 8.
// Files named *.variant.cs under samples/ are compiled into the model zoo, so `dotnet build` generates its
// TorchSharp module and `neuralaudio models` lists it, with no edit anywhere else.
public static partial class TinyStream
{
    [Variant("tiny_c10")]
    public static readonly TinyStreamConfig TinyC10 = Tiny with { C = 10 };
}
