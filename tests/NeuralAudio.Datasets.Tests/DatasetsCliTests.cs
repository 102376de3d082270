using System.Text.Json;
using NeuralAudio.Datasets.Tests.Infrastructure;

namespace NeuralAudio.Datasets.Tests;

/// <summary>The <c>neuralaudio datasets</c> commands end to end: options, environment overrides, messages, exit codes.</summary>
public sealed class DatasetsCliTests : IDisposable
{
    private readonly FixtureServer _server = new();
    private readonly TempDirectory _temp = new();
    private readonly CliHarness _cli = new();

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private string WriteCatalog(params TestCatalog.Entry[] entries)
    {
        string path = _temp.Combine("datasets.json");
        File.WriteAllText(path, TestCatalog.Json(entries));
        return path;
    }

    [Fact]
    public async Task Download_takes_the_url_from_the_environment_variable_and_a_second_run_does_nothing()
    {
        var zip = ArchiveFixtures.Zip(ArchiveFixtures.Esc50Files());
        _server.MapFile("/mirror/esc50.zip", zip);
        // The catalog URL points nowhere; NEURALAUDIO_ESC50_URL redirects to the mirror.
        string catalog = WriteCatalog(TestCatalog.Esc50(new Uri("http://127.0.0.1:9/unreachable.zip"), zip));
        _cli.Environment["NEURALAUDIO_ESC50_URL"] = _server.Url("mirror/esc50.zip").ToString();
        string dest = _temp.Combine("datasets");

        var first = await _cli.RunAsync("download", "--esc50", "--dest", dest, "--catalog", catalog);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("NEURALAUDIO_ESC50_URL", first.Out, StringComparison.Ordinal);
        Assert.Contains("1 installed", first.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dest, "ESC-50", "meta", "esc50.csv")));
        Assert.Single(_server.Requests);

        var second = await _cli.RunAsync("download", "--esc50", "--dest", dest, "--catalog", catalog);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Everything is present; nothing to do.", second.Out, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Download_with_a_url_override_option_and_a_bad_checksum_exits_non_zero_with_one_message()
    {
        var zip = ArchiveFixtures.Zip(ArchiveFixtures.Esc50Files());
        _server.MapFile("/mirror/esc50.zip", zip);
        string catalog = WriteCatalog(TestCatalog.Esc50(new Uri("http://127.0.0.1:9/unreachable.zip"), zip) with { Sha256 = new string('a', 64), Md5 = null });
        string dest = _temp.Combine("datasets");

        var run = await _cli.RunAsync("download", "--dest", dest, "--catalog", catalog, "--url-override", $"esc50={_server.Url("mirror/esc50.zip")}", "esc50");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: esc50: checksum mismatch for " + _server.Url("mirror/esc50.zip"), line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dest, "ESC-50")));
    }

    [Fact]
    public async Task Download_without_a_selection_or_with_an_unknown_subset_explains_what_is_accepted()
    {
        var none = await _cli.RunAsync("download", "--dest", _temp.Path);
        var subset = await _cli.RunAsync("download", "--librispeech", "--subset", "train-other-500", "--dest", _temp.Path);

        Assert.Equal(1, none.ExitCode);
        Assert.Contains("--esc50, --librispeech", none.Error, StringComparison.Ordinal);
        Assert.Equal(1, subset.ExitCode);
        Assert.Contains("dev-clean, test-clean, train-clean-100", subset.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Esc50_from_the_built_in_catalog_is_refused_without_trust_on_first_download()
    {
        _cli.Environment["NEURALAUDIO_ESC50_URL"] = _server.Url("mirror/esc50.zip").ToString();

        var run = await _cli.RunAsync("download", "--esc50", "--dest", _temp.Combine("datasets"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--trust-on-first-download", run.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Xeno_canto_without_an_api_key_exits_non_zero_before_any_request()
    {
        _cli.Environment["NEURALAUDIO_XENO_CANTO_URL"] = _server.Url(FakeXenoCanto.ApiPath).ToString();

        var run = await _cli.RunAsync("xeno-canto", "--query", "forest birds", "--dest", _temp.Combine("xc"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no Xeno-canto API key", run.Error, StringComparison.Ordinal);
        Assert.Contains("XENO_CANTO_API_KEY", run.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
        Assert.False(Directory.Exists(_temp.Combine("xc")));
    }

    [Fact]
    public async Task Xeno_canto_reads_the_key_and_the_api_url_from_the_environment_and_reports_skips()
    {
        var api = new FakeXenoCanto(_server);
        api.AddPage(
            api.Recording("7", "Turdus", "merula", "Common Blackbird", "Anna", AudioFixtures.Mp3),
            api.Recording("8", "Parus", "major", "Great Tit", "Bob", [1, 2, 3]));
        _cli.Environment["NEURALAUDIO_XENO_CANTO_URL"] = api.BaseUrl.ToString();
        _cli.Environment["XENO_CANTO_API_KEY"] = FakeXenoCanto.Key;
        string dest = _temp.Combine("xc");

        var run = await _cli.RunAsync("xeno-canto", "--query", "gen:turdus", "--quality", "A", "--max", "5", "--dest", dest,
            "--sample-rate", "8000", "--requests-per-second", "0");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 converted, 0 already present, 1 skipped", run.Out, StringComparison.Ordinal);
        Assert.Contains("skipped XC8", run.Out, StringComparison.Ordinal);
        using var wav = new NAudio.Wave.WaveFileReader(Path.Combine(dest, "XC7.wav"));
        Assert.Equal(8000, wav.WaveFormat.SampleRate);
    }

    [Fact]
    public async Task List_prints_a_table_and_json_with_the_figures_of_each_dataset()
    {
        DatasetFolderFixture.Create(_temp.Path);

        var table = await _cli.RunAsync("list", "--dest", _temp.Path);
        var json = await _cli.RunAsync("list", "--dest", _temp.Path, "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("ESC-50", table.Out, StringComparison.Ordinal);
        Assert.Contains("LibriSpeech/dev-clean", table.Out, StringComparison.Ordinal);
        Assert.Contains("44100 Hz", table.Out, StringComparison.Ordinal);
        Assert.Contains("unreadable:", table.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        var rows = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("dataset").GetString()!);
        Assert.Equal(3, rows["ESC-50"].GetProperty("audioFiles").GetInt32());
        Assert.Equal(1.5, rows["ESC-50"].GetProperty("durationSeconds").GetDouble(), 3);
        Assert.Equal(2, rows["LibriSpeech/dev-clean"].GetProperty("sampleRates").GetProperty("16000").GetInt32());
        Assert.Equal(3.0, rows["LibriSpeech/dev-clean"].GetProperty("durationSeconds").GetDouble(), 3);
    }

    [Fact]
    public async Task List_of_a_missing_folder_exits_non_zero()
    {
        var run = await _cli.RunAsync("list", "--dest", _temp.Combine("missing"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no such folder", run.Error, StringComparison.Ordinal);
    }
}
