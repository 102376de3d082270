using System.Diagnostics;
using NeuralAudio.Host.Tests.Infrastructure;

namespace NeuralAudio.Host.Tests;

/// <summary>
/// One build of targets/host for the whole collection, in a temp folder: seeded weights written by
/// <c>neuralaudio codegen --seeded-weights 1</c> into the temp folder (the default "small" set, which holds every
/// golden graph), the committed generated sources, <c>cmake</c> configure and build on all cores. Slow-ish, so the
/// CTest run and the na_host checks share it.
/// </summary>
public sealed class HostBuild : IDisposable
{
    private readonly TempFolder _temp = new("host");

    public HostBuild()
    {
        var clock = Stopwatch.StartNew();
        Processes.Checked(Processes.Neuralaudio(_temp.Path, "codegen", "--out-host", _temp.Combine("unused-host"), "--out-esp32", _temp.Combine("unused-esp32"),
            "--seeded-weights", SeededGraphs.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out-weights", WeightsDir));
        Codegen = clock.Elapsed;
        Configure = Processes.Checked(Processes.Run("cmake", ["-S", RepoPaths.HostProject, "-B", BuildDir, "-DNA_WEIGHTS_DIR=" + WeightsDir], timeoutSeconds: 300));
        Build = Processes.Checked(Processes.Run("cmake", ["--build", BuildDir, "--parallel", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeoutSeconds: 900));
        NaHost = Path.Combine(BuildDir, "na_host");
        if (!File.Exists(NaHost)) throw new InvalidOperationException($"the build succeeded but {NaHost} is missing:\n{Build}");
    }

    public string WeightsDir => _temp.Combine("weights");

    public string BuildDir => _temp.Combine("build");

    public string NaHost { get; }

    public TimeSpan Codegen { get; }

    public ProcessResult Configure { get; }

    public ProcessResult Build { get; }

    /// <summary>A scratch file path in the build's temp folder.</summary>
    public string Scratch(string name)
    {
        Directory.CreateDirectory(_temp.Combine("scratch"));
        return _temp.Combine("scratch", name);
    }

    public ProcessResult Run(params string[] arguments) => Processes.Run(NaHost, arguments, timeoutSeconds: 120);

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class HostBuildCollection : ICollectionFixture<HostBuild>
{
    public const string Name = "targets/host build";
}
