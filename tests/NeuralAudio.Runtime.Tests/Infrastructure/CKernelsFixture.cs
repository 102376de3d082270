namespace NeuralAudio.Runtime.Tests.Infrastructure;

/// <summary>
/// Builds the C kernels with the test driver once per test run: an optimised build (-O2, the flags generated C
/// uses; on an x86 CPU with AVX2 it runs the host SIMD kernels), an address + undefined-behaviour sanitizer build,
/// and two builds for the host SIMD tests: portable only (-DNA_NO_HOST_SIMD, what the ESP32-S3 runs) and AVX2
/// without the AVX-512 table look-up (-DNA_NO_HOST_AVX512). A failed build fails every test that needs it, with
/// the compiler's output.
/// </summary>
public sealed class CKernelsFixture : IDisposable
{
    private readonly string directory;
    private readonly Lazy<KernelDriver> optimized;
    private readonly Lazy<KernelDriver> sanitized;
    private readonly Lazy<KernelDriver> portable;
    private readonly Lazy<KernelDriver> avx2Only;

    public CKernelsFixture()
    {
        directory = Path.Combine(Path.GetTempPath(), "neuralaudio-kernels-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        optimized = new(() => new KernelDriver(CCompiler.BuildDriver(directory, "kernel_driver", ["-O2", "-DNA_SIMD_TEST_HOOKS"])));
        sanitized = new(() => new KernelDriver(CCompiler.BuildDriver(directory, "kernel_driver_asan",
            ["-DNA_SIMD_TEST_HOOKS", "-O1", "-g", "-fno-omit-frame-pointer", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"])));
        portable = new(() => new KernelDriver(CCompiler.BuildDriver(directory, "kernel_driver_portable", ["-O2", "-DNA_NO_HOST_SIMD"])));
        avx2Only = new(() => new KernelDriver(CCompiler.BuildDriver(directory, "kernel_driver_avx2", ["-O2", "-DNA_NO_HOST_AVX512", "-DNA_SIMD_TEST_HOOKS"])));
    }

    internal KernelDriver Optimized => optimized.Value;

    internal KernelDriver Sanitized => sanitized.Value;

    /// <summary>-DNA_NO_HOST_SIMD: the portable kernels alone.</summary>
    internal KernelDriver Portable => portable.Value;

    /// <summary>-DNA_NO_HOST_AVX512: the AVX2 kernels without the AVX-512 VBMI table look-up.</summary>
    internal KernelDriver Avx2Only => avx2Only.Value;

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
