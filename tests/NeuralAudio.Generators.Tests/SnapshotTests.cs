using NeuralAudio.Generators.Tests.Infrastructure;
using Xunit.Sdk;

namespace NeuralAudio.Generators.Tests;

/// <summary>The snapshot helper itself, against a temporary folder.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "na-snapshots-" + Guid.NewGuid().ToString("N"));

    public SnapshotTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Baseline(string name, string text) => File.WriteAllText(Path.Combine(_directory, name + ".txt"), text);

    [Fact]
    public void Equal_text_passes()
    {
        Baseline("same", "a\nb\n");
        Snapshot.Match("same", "a\nb\n", _directory, update: false);
    }

    [Fact]
    public void Mismatch_names_the_first_differing_line_with_both_versions()
    {
        Baseline("changed", "one\ntwo\nthree\nfour\n");
        var e = Assert.Throws<XunitException>(() => Snapshot.Match("changed", "one\ntwo\nTHREE\nFOUR\n", _directory, update: false));
        Assert.Contains("first difference at line 3", e.Message);
        Assert.Contains("expected: three", e.Message);
        Assert.Contains("actual:   THREE", e.Message);
        Assert.Contains(Snapshot.UpdateVariable + "=1", e.Message);
    }

    [Fact]
    public void Extra_line_is_reported_against_the_end_of_the_text()
    {
        Baseline("longer", "one\n");
        var e = Assert.Throws<XunitException>(() => Snapshot.Match("longer", "one\ntwo\n", _directory, update: false));
        Assert.Contains("first difference at line 2", e.Message);
        Assert.Contains("expected: (empty line)", e.Message);
        Assert.Contains("actual:   two", e.Message);
    }

    [Fact]
    public void Missing_baseline_fails_and_says_how_to_create_it()
    {
        var e = Assert.Throws<XunitException>(() => Snapshot.Match("absent", "text", _directory, update: false));
        Assert.Contains("has no baseline", e.Message);
        Assert.Contains(Snapshot.UpdateVariable + "=1", e.Message);
    }

    [Fact]
    public void Update_mode_writes_the_baseline_with_LF_line_ends_and_passes()
    {
        Snapshot.Match("sub/new", "x\r\ny\r\n", _directory, update: true);
        Assert.Equal("x\ny\n", File.ReadAllText(Path.Combine(_directory, "sub", "new.txt")));
        Snapshot.Match("sub/new", "x\ny\n", _directory, update: false);
    }

    [Fact]
    public void CRLF_baseline_matches_LF_output()
    {
        Baseline("crlf", "a\r\nb\r\n");
        Snapshot.Match("crlf", "a\nb\n", _directory, update: false);
    }

    [Fact]
    public void Snapshot_folder_is_this_projects_Snapshots_folder()
    {
        Assert.Equal(Path.Combine(GeneratorHarness.ProjectDirectory(), "Snapshots"), Snapshot.Directory);
        Assert.True(File.Exists(Path.Combine(Snapshot.Directory, "README.md")));
    }
}
