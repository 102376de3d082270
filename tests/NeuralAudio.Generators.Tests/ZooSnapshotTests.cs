using Microsoft.CodeAnalysis;
using NeuralAudio.Generators.Tests.Infrastructure;

namespace NeuralAudio.Generators.Tests;

/// <summary>
/// Every file the generator produces for the model zoo (src/Models) and the sample variants (samples/**/*.variant.cs),
/// snapshotted by hint name under Snapshots/Zoo/. The generated code is not compiled here; only its text is compared.
/// </summary>
public class ZooSnapshotTests
{
    // After an intended change: `NEURALAUDIO_UPDATE_SNAPSHOTS=1 dotnet test tests/NeuralAudio.Generators.Tests`,
    // then review the diff of Snapshots/Zoo/ and commit it.
    [Fact]
    public void Generated_code_of_every_zoo_model_matches_its_snapshot()
    {
        var root = GeneratorHarness.RepositoryRoot();
        var files = Directory.EnumerateFiles(Path.Combine(root, "src", "Models"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(root, p))
            .Concat(Directory.Exists(Path.Combine(root, "samples"))
                ? Directory.EnumerateFiles(Path.Combine(root, "samples"), "*.variant.cs", SearchOption.AllDirectories)
                : Enumerable.Empty<string>())
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Path.GetRelativePath(root, p).Replace('\\', '/'), File.ReadAllText(p)))
            .ToList();
        Assert.True(files.Any(f => f.Item2.Contains("[NeuralModel(", StringComparison.Ordinal)),
            "no [NeuralModel] declarations found under src/Models or samples/");
        if (!files.Any(f => f.Item2.Contains("class ModelCatalog", StringComparison.Ordinal)))
            files.Add(("FakeCatalog.cs", GeneratorHarness.FakeCatalog));
        // The int8 classes are emitted only when the runtime is referenced; a stand-in type is enough to bind.
        files.Add(("FakeRuntime.cs", "namespace NeuralAudio.Runtime.Deploy { public sealed class QuantizedModel { } }"));

        // The zoo also holds TorchSharp layers that do not compile against the DSL alone; the generator only needs the
        // declarations to bind, so run it directly rather than through GeneratorHarness.Run (which insists on no errors).
        var compilation = GeneratorHarness.Compile(files);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = driver.GetRunResult();
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
        var sources = result.Results.SelectMany(r => r.GeneratedSources).OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources) Snapshot.Match("Zoo/" + source.HintName, source.SourceText.ToString());

        // A baseline nobody generates any more (a removed variant) is stale: delete it when updating, fail otherwise.
        var zooDirectory = Path.Combine(Snapshot.Directory, "Zoo");
        var expected = new HashSet<string>(sources.Select(s => s.HintName + ".txt"), StringComparer.Ordinal);
        foreach (var stale in Directory.EnumerateFiles(zooDirectory).Where(f => !expected.Contains(Path.GetFileName(f))))
        {
            if (Snapshot.Updating) File.Delete(stale);
            else Assert.Fail($"stale snapshot {Path.GetFileName(stale)}: no generated file has that name; rerun with {Snapshot.UpdateVariable}=1");
        }
    }

    private static bool IsBuildOutput(string root, string path)
    {
        var parts = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Contains("obj") || parts.Contains("bin");
    }
}
