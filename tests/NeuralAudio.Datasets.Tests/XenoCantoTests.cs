using NAudio.Wave;
using NeuralAudio.Datasets.Tests.Infrastructure;
using NeuralAudio.Training.Datasets.Download;
using NeuralAudio.Training.Datasets.XenoCanto;

namespace NeuralAudio.Datasets.Tests;

/// <summary><c>datasets xeno-canto</c> against a fake API v3: paging, keys, 429, corrupt MP3s, WAV output, attribution.</summary>
public sealed class XenoCantoTests : IDisposable
{
    private readonly FixtureServer _server = new();
    private readonly FakeXenoCanto _api;
    private readonly TempDirectory _dest = new();
    private readonly RecordingProgress _progress = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public XenoCantoTests() => _api = new FakeXenoCanto(_server);

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
        _dest.Dispose();
    }

    private XenoCantoOptions Options(string? key = FakeXenoCanto.Key, int max = 100, double requestsPerSecond = 0) => new()
    {
        Query = "grp:birds cnt:germany",
        Quality = "A",
        Max = max,
        Destination = _dest.Path,
        SampleRate = 16000,
        ApiKey = key,
        BaseUrl = _api.BaseUrl,
        RequestsPerSecond = requestsPerSecond,
        Retry = new RetryOptions { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(20) },
    };

    private Task<XenoCantoReport> RunAsync(XenoCantoOptions options) => new XenoCantoDownloader(_http, options, _progress).RunAsync(CancellationToken.None);

    /// <summary>Two pages: 1001, 1002 | 1003 (corrupt: an HTML error page), 1004.</summary>
    private void TwoPages()
    {
        var mp3 = AudioFixtures.Mp3;
        _api.AddPage(
            _api.Recording("1001", "Turdus", "merula", "Common Blackbird", "Anna Recordist", mp3),
            _api.Recording("1002", "Erithacus", "rubecula", "European Robin", "Bob, \"the\" Recordist", mp3));
        _api.AddPage(
            _api.Recording("1003", "Parus", "major", "Great Tit", "Carla", "<html><body>Service unavailable</body></html>"u8.ToArray()),
            _api.Recording("1004", "Fringilla", "coelebs", "Common Chaffinch", "Dan", mp3));
    }

    [Fact]
    public async Task Pages_are_followed_and_every_decodable_recording_becomes_a_mono_16_kHz_wav()
    {
        TwoPages();

        var report = await RunAsync(Options());

        Assert.Equal(4, report.Matched);
        Assert.Equal(2, report.PagesFetched);
        Assert.Equal(3, report.Converted);
        foreach (var id in new[] { "1001", "1002", "1004" })
        {
            using var wav = new WaveFileReader(Path.Combine(_dest.Path, $"XC{id}.wav"));
            Assert.Equal(16000, wav.WaveFormat.SampleRate);
            Assert.Equal(1, wav.WaveFormat.Channels);
            Assert.Equal(16, wav.WaveFormat.BitsPerSample);
            Assert.InRange(wav.TotalTime.TotalSeconds, 0.55, 0.75); // the 0.6 s tone plus MP3 padding
        }
        Assert.Equal(["grp:birds cnt:germany q:A", "grp:birds cnt:germany q:A"], _api.ReceivedQueries);
        Assert.All(_server.Requests.Where(r => r.Path == FakeXenoCanto.ApiPath), r => Assert.Contains("key=test-key-123", r.PathAndQuery, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(_dest.Path, XenoCantoDownloader.IncomingFolder)));
        Assert.DoesNotContain(Directory.GetFiles(_dest.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recording_whose_mp3_is_corrupt_is_skipped_named_and_counted_and_the_others_are_converted()
    {
        TwoPages();

        var report = await RunAsync(Options());

        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("1003", skipped.Id);
        Assert.Equal(_server.Url("audio/1003.mp3").ToString(), skipped.Url);
        Assert.Contains("not a decodable MP3", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains(_progress.Warnings, w => w.Contains("XC1003", StringComparison.Ordinal) && w.Contains("/audio/1003.mp3", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(_dest.Path, "XC1003.wav")));
        Assert.True(File.Exists(Path.Combine(_dest.Path, "XC1004.wav")), "recordings after the corrupt one are still converted");
    }

    [Fact]
    public async Task Attribution_csv_lists_id_species_recordist_license_and_url_of_every_converted_recording()
    {
        TwoPages();

        await RunAsync(Options());

        var lines = File.ReadAllText(Path.Combine(_dest.Path, AttributionFile.FileName)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "id,species,common_name,recordist,license,url,quality,file",
            "1001,Turdus merula,Common Blackbird,Anna Recordist,https://creativecommons.org/licenses/by-nc-sa/4.0/,https://xeno-canto.org/1001,A,XC1001.wav",
            "1002,Erithacus rubecula,European Robin,\"Bob, \"\"the\"\" Recordist\",https://creativecommons.org/licenses/by-nc-sa/4.0/,https://xeno-canto.org/1002,A,XC1002.wav",
            "1004,Fringilla coelebs,Common Chaffinch,Dan,https://creativecommons.org/licenses/by-nc-sa/4.0/,https://xeno-canto.org/1004,A,XC1004.wav",
        ], lines);
        var reread = AttributionFile.Load(_dest.Path);
        Assert.Equal("Bob, \"the\" Recordist", reread.Rows.Single(r => r.Id == "1002").Recordist);
    }

    [Fact]
    public async Task HTTP_429_with_Retry_After_is_honoured_and_the_request_then_succeeds()
    {
        TwoPages();
        _api.Throttle429[2] = 1;

        var report = await RunAsync(Options());

        var pageTwo = _server.Requests.Where(r => r.Path == FakeXenoCanto.ApiPath && r.PathAndQuery.Contains("page=2", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], pageTwo.Select(r => r.Status));
        Assert.True(pageTwo[1].ReceivedAt - pageTwo[0].ReceivedAt >= TimeSpan.FromSeconds(0.9), "waited for Retry-After: 1");
        Assert.Contains(_progress.Warnings, w => w.Contains("429", StringComparison.Ordinal) && w.Contains("Retry-After", StringComparison.Ordinal));
        Assert.Equal(3, report.Converted);
    }

    [Fact]
    public async Task Rate_limiting_that_never_ends_fails_after_a_bounded_number_of_retries()
    {
        _server.Map(FakeXenoCanto.ApiPath, (context, _, record) =>
        {
            context.Response.Headers["Retry-After"] = "0";
            return FixtureServer.WriteJsonAsync(context, 429, "{}", record);
        });

        var failure = await Assert.ThrowsAsync<DatasetException>(() => RunAsync(Options()));

        Assert.Contains("429", failure.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 retries", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeXenoCanto.Key, failure.Message, StringComparison.Ordinal);
        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public async Task A_missing_api_key_is_a_clear_error_before_any_request()
    {
        TwoPages();

        var failure = await Assert.ThrowsAsync<DatasetException>(() => RunAsync(Options(key: null)));

        Assert.Contains("--api-key", failure.Message, StringComparison.Ordinal);
        Assert.Contains("XENO_CANTO_API_KEY", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
        Assert.Empty(Directory.GetFileSystemEntries(_dest.Path));
    }

    [Fact]
    public async Task A_key_the_api_rejects_is_reported_with_the_api_message_and_without_the_key()
    {
        TwoPages();

        var failure = await Assert.ThrowsAsync<DatasetException>(() => RunAsync(Options(key: "wrong-key")));

        Assert.Contains("HTTP 401", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid or missing API key", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recordings_already_present_are_skipped_by_id_without_downloading_them_again()
    {
        TwoPages();
        await RunAsync(Options());
        int audioRequests = _server.Requests.Count(r => r.Path.StartsWith("/audio/", StringComparison.Ordinal));

        var report = await RunAsync(Options());

        Assert.Equal(3, report.AlreadyPresent);
        Assert.Equal(0, report.Converted);
        var newAudio = _server.Requests.Where(r => r.Path.StartsWith("/audio/", StringComparison.Ordinal)).Skip(audioRequests).Select(r => r.Path);
        Assert.Equal(["/audio/1003.mp3"], newAudio); // only the corrupt one is tried again
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_dest.Path, AttributionFile.FileName)).Length);
    }

    [Fact]
    public async Task Max_limits_the_recordings_and_stops_paging_once_there_are_enough()
    {
        TwoPages();

        var report = await RunAsync(Options(max: 2));

        Assert.Equal(1, report.PagesFetched);
        Assert.Equal(2, report.Converted);
        Assert.DoesNotContain(_server.Requests, r => r.PathAndQuery.Contains("page=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_throttle_spaces_requests_by_the_configured_rate()
    {
        var throttle = new RequestThrottle(requestsPerSecond: 10);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (int i = 0; i < 4; i++) await throttle.WaitAsync(CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(280), $"4 requests at 10/s took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void The_converter_writes_mono_16_bit_at_the_requested_rate_from_the_stereo_mp3_fixture()
    {
        string wav = Path.Combine(_dest.Path, "out.wav");

        var result = MonoWavConverter.Convert(AudioFixtures.Mp3Path, wav, 16000, CancellationToken.None);

        Assert.Equal(2, result.SourceChannels);
        Assert.Equal(22050, result.SourceSampleRate);
        using var reader = new WaveFileReader(wav);
        Assert.Equal(new WaveFormat(16000, 16, 1), reader.WaveFormat);
        var samples = new float[reader.SampleCount];
        int read = reader.ToSampleProvider().Read(samples, 0, samples.Length);
        float peak = samples.Take(read).Max(MathF.Abs);
        Assert.InRange(peak, 0.3f, 0.7f); // the 0.5-amplitude tone survives mixing and resampling
    }

    [Fact]
    public void A_cancelled_conversion_leaves_no_half_written_wav()
    {
        string wav = Path.Combine(_dest.Path, "out.wav");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => MonoWavConverter.Convert(AudioFixtures.Mp3Path, wav, 16000, cancelled.Token));

        Assert.Empty(Directory.GetFiles(_dest.Path));
    }

    [Fact]
    public void A_file_that_is_not_audio_is_reported_as_corrupt_and_leaves_no_output()
    {
        string input = Path.Combine(_dest.Path, "in.mp3");
        File.WriteAllText(input, "<html>not audio</html>");
        string wav = Path.Combine(_dest.Path, "out.wav");

        Assert.Throws<CorruptAudioException>(() => MonoWavConverter.Convert(input, wav, 16000, CancellationToken.None));

        Assert.Equal(["in.mp3"], Directory.GetFiles(_dest.Path).Select(Path.GetFileName));
    }
}
