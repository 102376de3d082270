using NeuralAudio.Runtime.Tests.Infrastructure;

namespace NeuralAudio.Runtime.Tests;

/// <summary>Properties of the C sources themselves: strict C99, and no floating point anywhere.</summary>
public sealed class CSourceTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("neuralaudio-csource-").FullName;

    [Fact]
    public void KernelsCompileAsPedanticC99WithConversionWarningsAsErrors()
    {
        foreach (string file in RepoPaths.KernelFiles)
        {
            CCompiler.Run([.. CCompiler.StrictFlags, "-pedantic", "-Wconversion", "-Wshadow", "-Wstrict-prototypes", "-Wcast-qual",
                "-O2", "-c", file, "-o", Path.Combine(directory, Path.GetFileName(file) + ".o")], $"strict build of {Path.GetFileName(file)}");
        }
    }

    [Fact]
    public void KernelsUseNoFloatingPoint()
    {
        // -mgeneral-regs-only (x86-64 and AArch64) rejects any float or double operation at compile time.
        foreach (string file in RepoPaths.KernelFiles)
        {
            CCompiler.Run([.. CCompiler.StrictFlags, "-O2", "-mgeneral-regs-only", "-c", file, "-o", Path.Combine(directory, Path.GetFileName(file) + ".int.o")],
                $"integer-only build of {Path.GetFileName(file)}");
        }
        foreach (string file in RepoPaths.KernelFiles.Append(Path.Combine(RepoPaths.KernelSources, "na_kernels.h")))
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotMatch(@"\b(float|double|malloc|calloc|free)\s*\(|\b(float|double)\b\s+\w", text);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
