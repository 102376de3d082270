namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>Source folders the C builds read, found by walking up from the test assembly to the solution.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuralAudio.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuralAudio.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => root.Value;

    /// <summary>The portable kernels (na_kernels.h).</summary>
    public static string Kernels => Path.Combine(Root, "src", "Runtime", "c");

    /// <summary>The extra kernels (PCM quantisation, permute) until they move into src/Runtime/c.</summary>
    public static string ExtraKernels => Path.Combine(Root, "src", "Runtime", "c_extra");

    public static string TestMain => Path.Combine(Root, "tests", "NeuralAudio.Int8.Tests", "c", "test_main.c");

    public static IEnumerable<string> KernelSources =>
        Directory.GetFiles(Kernels, "*.c").Concat(Directory.GetFiles(ExtraKernels, "*.c")).Order(StringComparer.Ordinal);
}
