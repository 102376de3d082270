using NeuralAudio.Datasets.Tests.Infrastructure;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Datasets.Tests;

/// <summary>The built-in catalog, URL overrides and archive path safety.</summary>
public sealed class CatalogAndPathTests
{
    [Fact]
    public void The_built_in_catalog_pins_librispeech_and_leaves_the_moving_esc50_branch_archive_unpinned()
    {
        var catalog = DatasetCatalog.LoadDefault();

        Assert.Equal(["esc50", "librispeech-dev-clean", "librispeech-test-clean", "librispeech-train-clean-100"], catalog.Datasets.Select(d => d.Name));
        var esc50 = catalog.Get("esc50");
        Assert.Null(esc50.Sha256);
        Assert.Null(esc50.Size);
        Assert.Equal(ArchiveFormat.Zip, esc50.Format);
        Assert.Equal("NEURALAUDIO_ESC50_URL", esc50.UrlEnvironmentVariable);
        Assert.All(catalog.Group("librispeech"), d =>
        {
            Assert.Equal(64, d.Sha256!.Length);
            Assert.Equal(32, d.Md5!.Length);
            Assert.True(d.Size > 0);
            Assert.Equal(ArchiveFormat.TarGz, d.Format);
            Assert.Equal($"NEURALAUDIO_LIBRISPEECH_{d.Subset!.ToUpperInvariant().Replace('-', '_')}_URL", d.UrlEnvironmentVariable);
            Assert.Equal($"https://www.openslr.org/resources/12/{d.Subset}.tar.gz", d.Url.ToString());
        });
        Assert.Equal(337926286, catalog.Get("librispeech-dev-clean").Size);
    }

    [Fact]
    public void A_command_line_override_wins_over_the_environment_which_wins_over_the_catalog()
    {
        var catalog = DatasetCatalog.LoadDefault();
        var spec = catalog.Get("esc50");
        var env = new Dictionary<string, string> { ["NEURALAUDIO_ESC50_URL"] = "http://env.example/esc50.zip" };
        var option = DatasetUrlResolver.ParseOverrides(["esc50=http://option.example/esc50.zip"], catalog);

        var fromOption = DatasetUrlResolver.Resolve(spec, option, env.GetValueOrDefault);
        var fromEnvironment = DatasetUrlResolver.Resolve(spec, new Dictionary<string, string>(), env.GetValueOrDefault);
        var fromCatalog = DatasetUrlResolver.Resolve(spec, new Dictionary<string, string>(), _ => null);

        Assert.Equal("http://option.example/esc50.zip", fromOption.Url.ToString());
        Assert.Equal("http://env.example/esc50.zip", fromEnvironment.Url.ToString());
        Assert.Equal("NEURALAUDIO_ESC50_URL", fromEnvironment.UrlSource);
        Assert.Equal(spec.Url, fromCatalog.Url);
    }

    [Theory]
    [InlineData("nonsense", "expected name=URL")]
    [InlineData("imagenet=http://x/y", "unknown dataset 'imagenet'")]
    [InlineData("esc50=ftp://x/y", "not an absolute http(s) URL")]
    public void A_bad_url_override_is_one_clear_message(string pair, string expected)
    {
        var catalog = DatasetCatalog.LoadDefault();
        var failure = Assert.Throws<DatasetException>(() =>
        {
            var overrides = DatasetUrlResolver.ParseOverrides([pair], catalog);
            DatasetUrlResolver.Resolve(catalog.Get("esc50"), overrides, _ => null);
        });
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_catalog_is_reported_with_its_source_and_the_offending_field()
    {
        var json = """{ "datasets": [ { "name": "x", "url": "https://a/b.zip", "archive": "b.zip", "format": "rar", "directory": "x" } ] }""";
        var failure = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "my.json"));
        Assert.Contains("my.json", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'format'", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LibriSpeech/dev-clean/84/121123/a.flac", "84/121123/a.flac")]
    [InlineData("LibriSpeech/SPEAKERS.TXT", "SPEAKERS.TXT")]
    [InlineData("LibriSpeech/dev-clean/", null)]
    [InlineData("LibriSpeech/", null)]
    [InlineData("./LibriSpeech//dev-clean/x.txt", "x.txt")]
    [InlineData("other/x.txt", "other/x.txt")]
    public void Archive_entry_names_lose_the_first_matching_prefix(string entry, string? expected)
    {
        Assert.Equal(expected, ArchivePaths.Map(entry, ["LibriSpeech/dev-clean/", "LibriSpeech/"], "a.tar.gz"));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("LibriSpeech/../../evil.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\evil.dll")]
    [InlineData("a\\..\\..\\evil.txt")]
    public void Archive_entry_names_that_leave_the_folder_are_refused(string entry)
    {
        var failure = Assert.Throws<DatasetException>(() => ArchivePaths.Map(entry, [], "a.zip"));
        Assert.Contains("a.zip", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resolved_path_stays_inside_the_extraction_folder()
    {
        using var temp = new TempDirectory();
        Assert.StartsWith(temp.Path, ArchivePaths.Resolve(temp.Path, "a/b.txt", "a.zip"), StringComparison.Ordinal);
        Assert.Throws<DatasetException>(() => ArchivePaths.Resolve(temp.Path, "../sibling/b.txt", "a.zip"));
    }
}
