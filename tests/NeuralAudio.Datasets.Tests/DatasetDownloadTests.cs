using NeuralAudio.Datasets.Tests.Infrastructure;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Datasets.Tests;

/// <summary><c>datasets download</c>: download, resume, verification, atomic extraction, idempotence.</summary>
public sealed class DatasetDownloadTests : IDisposable
{
    private readonly FixtureServer _server = new();
    private readonly TempDirectory _dest = new();
    private readonly RecordingProgress _progress = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly byte[] _esc50 = ArchiveFixtures.Zip(ArchiveFixtures.Esc50Files());
    private readonly byte[] _devClean = ArchiveFixtures.TarGz(ArchiveFixtures.LibriSpeechFiles("dev-clean"));

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
        _dest.Dispose();
    }

    private DatasetInstaller Installer(bool trust = false, int attempts = 3, Func<string, CancellationToken, ValueTask>? beforeEntry = null) => new(
        _http,
        new DatasetInstallOptions
        {
            Destination = _dest.Path,
            TrustOnFirstDownload = trust,
            Download = new DownloadOptions { MaxAttempts = attempts, RetryDelay = TimeSpan.FromMilliseconds(10), ReadTimeout = TimeSpan.FromSeconds(10) },
            BeforeExtractEntry = beforeEntry,
        },
        _progress);

    private Task<IReadOnlyList<InstallReport>> InstallAsync(DatasetInstaller installer, params TestCatalog.Entry[] entries) =>
        installer.InstallAsync(TestCatalog.Resolve(TestCatalog.Load(entries)), CancellationToken.None);

    private TestCatalog.Entry Esc50(byte[]? pinned = null) => TestCatalog.Esc50(_server.Url("esc50/master.zip"), pinned ?? _esc50);

    private TestCatalog.Entry DevClean() => TestCatalog.LibriSpeech("dev-clean", _server.Url("resources/12/dev-clean.tar.gz"), _devClean);

    private string Esc50Folder => _dest.Combine("ESC-50");

    private void AssertNoLeftovers()
    {
        Assert.DoesNotContain(_dest.Tree(), p => p.Contains(".extracting-", StringComparison.Ordinal));
        Assert.DoesNotContain(_dest.Tree(), p => p.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_full_download_installs_the_zip_and_the_tar_gz_in_the_datasets_layouts_with_completion_markers()
    {
        _server.MapFile("/esc50/master.zip", _esc50);
        _server.MapFile("/resources/12/dev-clean.tar.gz", _devClean);

        var reports = await InstallAsync(Installer(), Esc50(), DevClean());

        Assert.All(reports, r => Assert.Equal(InstallOutcome.Installed, r.Outcome));
        Assert.True(File.Exists(_dest.Combine("ESC-50", "meta", "esc50.csv")));
        Assert.Equal(3, Directory.GetFiles(_dest.Combine("ESC-50", "audio"), "*.wav").Length);
        Assert.Equal(ArchiveFixtures.Esc50Files().Single(f => f.Path.EndsWith("1-100032-A-0.wav")).Content,
            File.ReadAllBytes(_dest.Combine("ESC-50", "audio", "1-100032-A-0.wav")));
        Assert.True(File.Exists(_dest.Combine("LibriSpeech", "dev-clean", "SPEAKERS.TXT")));
        Assert.True(File.Exists(_dest.Combine("LibriSpeech", "dev-clean", "84", "121123", "84-121123-0001.flac")));

        var marker = DatasetMarker.TryRead(Esc50Folder)!;
        Assert.Equal("esc50", marker.Name);
        Assert.Equal(ArchiveFixtures.Sha256(_esc50), marker.Sha256);
        Assert.Equal(_server.Url("esc50/master.zip").ToString(), marker.Url);
        Assert.Equal(5, marker.Files); // README, esc50.csv, 3 clips
        Assert.Equal("pinned", marker.Verification);
        Assert.Equal(5, DatasetMarker.TryRead(_dest.Combine("LibriSpeech", "dev-clean"))!.Files);

        Assert.False(Directory.Exists(_dest.Combine(DatasetInstaller.DownloadsFolder)), "archives are removed once extracted");
        AssertNoLeftovers();
    }

    [Fact]
    public async Task A_second_run_with_everything_present_makes_no_request_and_says_so()
    {
        _server.MapFile("/esc50/master.zip", _esc50);
        _server.MapFile("/resources/12/dev-clean.tar.gz", _devClean);
        await InstallAsync(Installer(), Esc50(), DevClean());
        int requests = _server.Requests.Count;
        var progress = new RecordingProgress();

        var reports = await new DatasetInstaller(_http, new DatasetInstallOptions { Destination = _dest.Path }, progress)
            .InstallAsync(TestCatalog.Resolve(TestCatalog.Load(Esc50(), DevClean())), CancellationToken.None);

        Assert.All(reports, r => Assert.Equal(InstallOutcome.AlreadyPresent, r.Outcome));
        Assert.Equal(requests, _server.Requests.Count);
        Assert.Contains(progress.Infos, m => m.Contains("All 2 datasets are present; nothing to do.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_dropped_mid_file_is_resumed_by_the_next_run_with_a_range_request_for_the_rest_only()
    {
        long cut = _esc50.Length * 2 / 5;
        _server.MapFile("/esc50/master.zip", _esc50, new FileBehaviour { AbortAfter = (0, cut) });

        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(Installer(attempts: 1), Esc50()));
        Assert.Contains("run the command again to resume", failure.Message, StringComparison.Ordinal);
        string partial = _dest.Combine(DatasetInstaller.DownloadsFolder, "ESC-50-master.zip.partial");
        Assert.Equal(cut, new FileInfo(partial).Length);
        Assert.False(Directory.Exists(Esc50Folder));

        var reports = await InstallAsync(Installer(attempts: 1), Esc50());

        var requests = _server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Range);
        Assert.Equal($"bytes={cut}-", requests[1].Range);
        Assert.Equal(206, requests[1].Status);
        Assert.Equal(_esc50.Length - cut, requests[1].BytesSent);
        Assert.Equal(cut, reports[0].Download!.ResumedFrom);
        Assert.Equal(_esc50.Length - cut, reports[0].Download!.BytesTransferred);
        Assert.Equal(ArchiveFixtures.Sha256(_esc50), DatasetMarker.TryRead(Esc50Folder)!.Sha256);
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Cancelling_mid_download_like_ctrl_c_keeps_the_partial_file_and_the_next_run_resumes_it()
    {
        long cut = _esc50.Length / 2;
        _server.MapFile("/esc50/master.zip", _esc50, new FileBehaviour { StallAfter = (0, cut) });
        string partial = _dest.Combine(DatasetInstaller.DownloadsFolder, "ESC-50-master.zip.partial");
        using var ctrlC = new CancellationTokenSource();
        var running = Installer().InstallAsync(TestCatalog.Resolve(TestCatalog.Load(Esc50())), ctrlC.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(File.Exists(partial) && new FileInfo(partial).Length == cut) && DateTime.UtcNow < deadline)
            await Task.Delay(20);

        ctrlC.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(cut, new FileInfo(partial).Length);
        Assert.False(Directory.Exists(Esc50Folder));

        await InstallAsync(Installer(), Esc50());

        Assert.Equal($"bytes={cut}-", _server.Requests[^1].Range);
        Assert.Equal(_esc50.Length - cut, _server.Requests[^1].BytesSent);
        Assert.True(File.Exists(Path.Combine(Esc50Folder, "meta", "esc50.csv")));
    }

    [Fact]
    public async Task A_connection_dropped_mid_file_is_resumed_within_the_same_run()
    {
        long cut = _devClean.Length / 3;
        _server.MapFile("/resources/12/dev-clean.tar.gz", _devClean, new FileBehaviour { AbortAfter = (0, cut) });

        var reports = await InstallAsync(Installer(attempts: 3), DevClean());

        Assert.Equal(InstallOutcome.Installed, reports[0].Outcome);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal($"bytes={cut}-", _server.Requests[1].Range);
        Assert.Equal(_devClean.Length - cut, _server.Requests[1].BytesSent);
        Assert.Contains(_progress.Warnings, w => w.Contains("dropped after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_ignores_the_range_request_makes_the_download_restart_cleanly_from_byte_zero()
    {
        _server.MapFile("/esc50/master.zip", _esc50, new FileBehaviour { IgnoreRange = true });
        string downloads = _dest.Combine(DatasetInstaller.DownloadsFolder);
        Directory.CreateDirectory(downloads);
        File.WriteAllBytes(Path.Combine(downloads, "ESC-50-master.zip.partial"), new byte[1000]); // not the file's first bytes

        await InstallAsync(Installer(), Esc50());

        Assert.Single(_server.Requests);
        Assert.Equal("bytes=1000-", _server.Requests[0].Range);
        Assert.Equal(200, _server.Requests[0].Status);
        Assert.Contains(_progress.Warnings, w => w.Contains("ignored the range request", StringComparison.Ordinal));
        Assert.Equal(ArchiveFixtures.Sha256(_esc50), DatasetMarker.TryRead(Esc50Folder)!.Sha256);
    }

    [Fact]
    public async Task HTTP_416_for_a_partial_file_that_is_already_complete_finishes_without_downloading_again()
    {
        _server.MapFile("/esc50/master.zip", _esc50);
        string downloads = _dest.Combine(DatasetInstaller.DownloadsFolder);
        Directory.CreateDirectory(downloads);
        File.WriteAllBytes(Path.Combine(downloads, "ESC-50-master.zip.partial"), _esc50);

        await InstallAsync(Installer(), Esc50() with { Size = null }); // no pinned size, so the server must be asked

        Assert.Single(_server.Requests);
        Assert.Equal(416, _server.Requests[0].Status);
        Assert.Equal(0, _server.Requests[0].BytesSent);
        Assert.True(File.Exists(Path.Combine(Esc50Folder, "meta", "esc50.csv")));
    }

    [Fact]
    public async Task A_checksum_mismatch_deletes_the_archive_and_extracts_nothing()
    {
        _server.MapFile("/esc50/master.zip", _esc50);
        var other = (byte[])_esc50.Clone();
        other[^100] ^= 0xFF;
        var entry = Esc50() with { Sha256 = ArchiveFixtures.Sha256(other), Md5 = null };

        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(Installer(), entry));

        Assert.Contains("checksum mismatch", failure.Message, StringComparison.Ordinal);
        Assert.Contains(_server.Url("esc50/master.zip").ToString(), failure.Message, StringComparison.Ordinal);
        Assert.Contains(ArchiveFixtures.Sha256(_esc50), failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Esc50Folder));
        Assert.False(File.Exists(_dest.Combine(DatasetInstaller.DownloadsFolder, "ESC-50-master.zip")));
        AssertNoLeftovers();
    }

    [Fact]
    public async Task A_server_announcing_another_size_than_the_pinned_one_is_refused_before_the_body_is_read()
    {
        _server.MapFile("/esc50/master.zip", _esc50);

        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(Installer(), Esc50() with { Size = _esc50.Length + 1 }));

        Assert.Contains("datasets.json pins", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Esc50Folder));
        AssertNoLeftovers();
    }

    [Fact]
    public async Task A_cancelled_extraction_leaves_no_dataset_folder_and_the_next_run_only_re_extracts_the_verified_archive()
    {
        _server.MapFile("/esc50/master.zip", _esc50);
        using var cancel = new CancellationTokenSource();
        int entries = 0;
        var installer = Installer(beforeEntry: (_, ct) =>
        {
            if (++entries == 3) cancel.Cancel();
            ct.ThrowIfCancellationRequested();
            return ValueTask.CompletedTask;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            installer.InstallAsync(TestCatalog.Resolve(TestCatalog.Load(Esc50())), cancel.Token));

        Assert.False(Directory.Exists(Esc50Folder));
        AssertNoLeftovers();
        Assert.True(File.Exists(_dest.Combine(DatasetInstaller.DownloadsFolder, "ESC-50-master.zip")), "the verified archive is kept");
        int requests = _server.Requests.Count;

        await InstallAsync(Installer(), Esc50());

        Assert.Equal(requests, _server.Requests.Count);
        Assert.Equal(5, DatasetMarker.TryRead(Esc50Folder)!.Files);
    }

    [Fact]
    public async Task A_failure_mid_extraction_leaves_no_half_populated_dataset_folder()
    {
        _server.MapFile("/resources/12/dev-clean.tar.gz", _devClean);
        int entries = 0;
        var installer = Installer(beforeEntry: (_, _) =>
            ++entries == 3 ? throw new IOException("simulated write failure") : ValueTask.CompletedTask);

        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(installer, DevClean()));

        Assert.Contains("simulated write failure", failure.Message, StringComparison.Ordinal);
        Assert.Contains("kept", failure.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(_dest.Combine(DatasetInstaller.DownloadsFolder, "dev-clean.tar.gz")), "a write failure does not condemn the archive");
        Assert.False(Directory.Exists(_dest.Combine("LibriSpeech", "dev-clean")));
        Assert.Empty(Directory.GetFileSystemEntries(_dest.Combine("LibriSpeech")));
        AssertNoLeftovers();
    }

    [Fact]
    public async Task A_corrupt_archive_that_breaks_off_half_way_is_reported_and_leaves_nothing_behind()
    {
        var truncated = _devClean[..(_devClean.Length * 3 / 5)];
        _server.MapFile("/resources/12/dev-clean.tar.gz", truncated);
        var entry = TestCatalog.LibriSpeech("dev-clean", _server.Url("resources/12/dev-clean.tar.gz"), truncated);

        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(Installer(), entry));

        Assert.Contains("corrupt or truncated", failure.Message, StringComparison.Ordinal);
        Assert.Contains("dev-clean.tar.gz", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dest.Combine("LibriSpeech", "dev-clean")));
        Assert.False(File.Exists(_dest.Combine(DatasetInstaller.DownloadsFolder, "dev-clean.tar.gz")));
        AssertNoLeftovers();
    }

    [Fact]
    public async Task An_archive_entry_that_climbs_out_of_the_folder_is_refused_and_nothing_is_extracted()
    {
        var files = ArchiveFixtures.Esc50Files().Append(("ESC-50-master/../../escaped.txt", "gotcha"u8.ToArray()));
        var evil = ArchiveFixtures.Zip(files);
        _server.MapFile("/esc50/master.zip", evil);

        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(Installer(), Esc50(evil)));

        Assert.Contains("outside the extraction folder", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Esc50Folder));
        Assert.False(File.Exists(Path.Combine(_dest.Path, "escaped.txt")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_dest.Path)!, "escaped.txt")));
        AssertNoLeftovers();
    }

    [Fact]
    public async Task A_dataset_without_a_pinned_checksum_is_refused_before_any_request_unless_trusted_on_first_download()
    {
        _server.MapFile("/esc50/master.zip", _esc50);
        var unpinned = Esc50() with { Sha256 = null, Md5 = null, Size = null };

        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(Installer(), unpinned));

        Assert.Contains("--trust-on-first-download", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
        Assert.Empty(_dest.Tree());
    }

    [Fact]
    public async Task Trust_on_first_download_records_the_sha256_in_the_lock_file_and_later_downloads_are_verified_against_it()
    {
        _server.MapFile("/esc50/master.zip", _esc50);
        var unpinned = Esc50() with { Sha256 = null, Md5 = null, Size = null };

        await InstallAsync(Installer(trust: true), unpinned);

        var locked = DatasetLockFile.Load(_dest.Path).Get("esc50");
        Assert.NotNull(locked);
        Assert.Equal(ArchiveFixtures.Sha256(_esc50), locked.Sha256);
        Assert.Equal(_esc50.Length, locked.Size);
        Assert.Equal("trust-on-first-download", DatasetMarker.TryRead(Esc50Folder)!.Verification);

        // The mirror now serves other bytes: without --trust the lock file is the reference and catches it.
        Directory.Delete(Esc50Folder, recursive: true);
        var changed = ArchiveFixtures.Zip(ArchiveFixtures.Esc50Files().Append(("ESC-50-master/extra.txt", "x"u8.ToArray())));
        _server.MapFile("/esc50/master.zip", changed);

        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(Installer(), unpinned));

        Assert.Contains("checksum mismatch", failure.Message, StringComparison.Ordinal);
        Assert.Contains(DatasetLockFile.FileName, failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Esc50Folder));
    }

    [Fact]
    public async Task A_dataset_folder_that_exists_without_a_completion_marker_is_refused_before_any_request()
    {
        _server.MapFile("/esc50/master.zip", _esc50);
        Directory.CreateDirectory(Path.Combine(Esc50Folder, "audio"));

        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(Installer(), Esc50()));

        Assert.Contains(DatasetMarker.FileName, failure.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task An_HTTP_error_names_the_url_and_the_status()
    {
        var failure = await Assert.ThrowsAsync<DatasetException>(() => InstallAsync(Installer(), Esc50()));

        Assert.Contains(_server.Url("esc50/master.zip").ToString(), failure.Message, StringComparison.Ordinal);
        Assert.Contains("404", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Esc50Folder));
    }
}
