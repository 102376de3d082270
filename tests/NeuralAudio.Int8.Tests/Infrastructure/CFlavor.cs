namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>How generated C is built: optimised like a release, or with address and undefined-behaviour sanitizers.</summary>
public enum CFlavor { Optimized, Sanitized }

internal static class CFlags
{
    /// <summary>Every build of generated C and the kernels must pass these.</summary>
    public static readonly string[] Strict = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];

    public static string Compiler => Environment.GetEnvironmentVariable("CC") is { Length: > 0 } cc ? cc : "gcc";

    public static string[] For(CFlavor flavor) => flavor == CFlavor.Optimized
        ? ["-O2"]
        : ["-O1", "-g", "-fno-omit-frame-pointer", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"];

    /// <summary>Weights are data only: no optimisation needed, but sanitizer builds keep their redzones.</summary>
    public static string[] ForWeights(CFlavor flavor) => flavor == CFlavor.Optimized ? ["-O0"] : For(flavor);
}
