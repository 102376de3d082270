namespace NeuralAudio.Runtime.Tests.Infrastructure;

/// <summary>
/// Builds the C kernels with the test driver once per test run: an optimised build (-O2, the flags generated C
/// uses) and an address + undefined-behaviour sanitizer build. A failed build fails every test that needs it,
/// with the compiler's output.
/// </summary>
public sealed class CKernelsFixture : IDisposable
{
    private readonly string directory;
    private readonly Lazy<KernelDriver> optimized;
    private readonly Lazy<KernelDriver> sanitized;

    public CKernelsFixture()
    {
        directory = Path.Combine(Path.GetTempPath(), "neuralaudio-kernels-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        optimized = new(() => new KernelDriver(CCompiler.BuildDriver(directory, "kernel_driver", ["-O2"])));
        sanitized = new(() => new KernelDriver(CCompiler.BuildDriver(directory, "kernel_driver_asan",
            ["-O1", "-g", "-fno-omit-frame-pointer", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"])));
    }

    internal KernelDriver Optimized => optimized.Value;

    internal KernelDriver Sanitized => sanitized.Value;

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

[CollectionDefinition(Name)]
public sealed class CKernelsCollection : ICollectionFixture<CKernelsFixture>
{
    public const string Name = "C kernels";
}
