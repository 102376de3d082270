namespace NeuralAudio.Runtime.Tests.Infrastructure;

/// <summary>Source folders the C builds read, found by walking up from the test assembly.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> root = new(FindRoot);

    public static string Root => root.Value;

    /// <summary>src/Runtime/c: the kernel sources and na_kernels.h.</summary>
    public static string KernelSources => Path.Combine(Root, "src", "Runtime", "c");

    /// <summary>tests/NeuralAudio.Runtime.Tests/c/kernel_driver.c.</summary>
    public static string Driver => Path.Combine(Root, "tests", "NeuralAudio.Runtime.Tests", "c", "kernel_driver.c");

    public static string[] KernelFiles => Directory.GetFiles(KernelSources, "*.c").OrderBy(f => f, StringComparer.Ordinal).ToArray();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "src", "Runtime", "c", "na_kernels.h"))) return dir.FullName;
        }
        throw new InvalidOperationException($"src/Runtime/c/na_kernels.h not found above {AppContext.BaseDirectory}");
    }
}
