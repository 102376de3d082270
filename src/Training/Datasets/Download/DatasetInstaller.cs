namespace NeuralAudio.Training.Datasets.Download;

/// <summary>
/// Installs catalog datasets under a destination folder: checks what is already complete (no network), downloads with
/// resume, verifies SHA-256 (and size, and MD5 where published) before anything is extracted, extracts into a temporary
/// folder beside the final one, writes the completion marker and renames the folder into place.
/// </summary>
/// <remarks>
/// Layout under the destination: <c>.downloads/&lt;archive&gt;.partial</c> while downloading, <c>.downloads/&lt;archive&gt;</c> once
/// complete (kept if extraction is interrupted, so the next run only re-extracts), <c>.&lt;folder&gt;.extracting-*</c> during
/// extraction, then the dataset folder itself, which exists only when complete.
/// </remarks>
public sealed class DatasetInstaller
{
    /// <summary>The folder under the destination that holds archives while they download.</summary>
    public const string DownloadsFolder = ".downloads";

    private readonly HttpClient _http;
    private readonly DatasetInstallOptions _options;
    private readonly IDatasetProgress _progress;

    /// <summary>Creates an installer that downloads through <paramref name="http"/>.</summary>
    public DatasetInstaller(HttpClient http, DatasetInstallOptions options, IDatasetProgress progress)
    {
        _http = http;
        _options = options;
        _progress = progress;
    }

    /// <summary>Installs <paramref name="datasets"/>, in order.</summary>
    /// <exception cref="DatasetException">A dataset cannot be installed; the message says which and why.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; partial downloads are kept for the next run.</exception>
    public async Task<IReadOnlyList<InstallReport>> InstallAsync(IReadOnlyList<ResolvedDataset> datasets, CancellationToken cancellationToken)
    {
        string destination = Path.GetFullPath(_options.Destination);
        if (File.Exists(destination))
            throw new DatasetException($"{destination}: --dest is a file, not a folder");

        // Everything that can be decided without the network is decided first, so a refusal comes before any download.
        var lockFile = Directory.Exists(destination) ? DatasetLockFile.Load(destination) : null;
        var reports = new List<InstallReport>();
        var pending = new List<ResolvedDataset>();
        foreach (var dataset in datasets)
        {
            string folder = FolderOf(destination, dataset.Spec);
            if (Directory.Exists(folder))
            {
                var marker = DatasetMarker.TryRead(folder)
                    ?? throw new DatasetException(
                        $"{folder} exists but has no {DatasetMarker.FileName}, so it is not a complete download by this tool; move it away or delete it and run again");
                if (!string.Equals(marker.Name, dataset.Spec.Name, StringComparison.OrdinalIgnoreCase))
                    throw new DatasetException($"{folder} holds dataset '{marker.Name}', not '{dataset.Spec.Name}'");
                reports.Add(new InstallReport(dataset.Spec.Name, folder, InstallOutcome.AlreadyPresent, marker.Files, null));
                continue;
            }
            if (dataset.Spec.Sha256 is null && lockFile?.Get(dataset.Spec.Name) is null && !_options.TrustOnFirstDownload)
                throw new DatasetException(
                    $"{dataset.Spec.Name}: datasets.json pins no SHA-256 for {dataset.Url}, so its integrity cannot be checked. " +
                    $"Run again with --trust-on-first-download to accept what the server sends and record its SHA-256 in " +
                    $"{Path.Combine(destination, DatasetLockFile.FileName)} (later downloads are verified against it).");
            pending.Add(dataset);
        }

        foreach (var present in reports)
            _progress.Info($"{present.Name}: already present in {present.Directory} ({present.Files:N0} files)");
        if (pending.Count == 0)
        {
            _progress.Info(reports.Count == 1
                ? "Everything is present; nothing to do."
                : $"All {reports.Count} datasets are present; nothing to do.");
            return reports;
        }

        Directory.CreateDirectory(destination);
        lockFile ??= DatasetLockFile.Load(destination);
        foreach (var dataset in pending)
            reports.Add(await InstallOneAsync(destination, dataset, lockFile, cancellationToken).ConfigureAwait(false));
        TryRemoveEmpty(Path.Combine(destination, DownloadsFolder));
        return reports;
    }

    /// <summary>The folder a dataset is installed in.</summary>
    public static string FolderOf(string destination, DatasetSpec spec) =>
        Path.Combine(Path.GetFullPath(destination), spec.Directory.Replace('/', Path.DirectorySeparatorChar));

    private async Task<InstallReport> InstallOneAsync(string destination, ResolvedDataset dataset, DatasetLockFile lockFile, CancellationToken ct)
    {
        var spec = dataset.Spec;
        string downloads = Path.Combine(destination, DownloadsFolder);
        Directory.CreateDirectory(downloads);
        using var guard = AcquireGuard(downloads, spec.Name);

        string archive = Path.Combine(downloads, spec.ArchiveFileName);
        string folder = FolderOf(destination, spec);
        string parent = Path.GetDirectoryName(folder)!;
        Directory.CreateDirectory(parent);
        RemoveStaleExtractions(parent, Path.GetFileName(folder));

        // 1. Download (or reuse an archive that a previous run downloaded completely).
        DownloadResult? download = null;
        if (File.Exists(archive))
        {
            _progress.Info($"{spec.Name}: found {archive} from an earlier run; verifying it");
        }
        else
        {
            WarnIfShortOfSpace(destination, spec, ResumableDownloader.PartialPath(archive));
            string source = dataset.UrlSource == "datasets.json" ? "" : $" (from {dataset.UrlSource})";
            _progress.Info($"{spec.Name}: downloading {dataset.Url}{source}");
            var downloader = new ResumableDownloader(_http, _options.Download, _progress);
            download = await downloader.DownloadAsync(dataset.Url, archive, spec.Size, $"{spec.Name} download", ct).ConfigureAwait(false);
        }

        // 2. Verify before anything is extracted.
        var digest = await FileDigest.ComputeAsync(archive, _progress, $"{spec.Name} sha256", ct).ConfigureAwait(false);
        var locked = spec.Sha256 is null ? lockFile.Get(spec.Name) : null;
        string? expectedSha = spec.Sha256 ?? locked?.Sha256;
        string expectedFrom = spec.Sha256 is not null ? "datasets.json" : locked is not null ? lockFile.Path : "";
        string? problem = null;
        if (spec.Size is long size && digest.Length != size)
            problem = $"size is {digest.Length:N0} bytes, datasets.json pins {size:N0}";
        else if (expectedSha is not null && digest.Sha256 != expectedSha)
            problem = $"SHA-256 is {digest.Sha256}, {expectedFrom} expects {expectedSha}" +
                      (locked is not null ? $" (delete the '{spec.Name}' entry there to trust a new file)" : "");
        else if (spec.Md5 is not null && digest.Md5 != spec.Md5)
            problem = $"MD5 is {digest.Md5}, datasets.json pins {spec.Md5}";
        if (problem is not null)
        {
            AtomicFile.TryDelete(archive);
            throw new DatasetException(
                $"{spec.Name}: checksum mismatch for {dataset.Url}: {problem}. The archive was deleted and nothing was extracted. " +
                "If you use a mirror, it serves a different file.");
        }
        _progress.Info(expectedSha is null
            ? $"{spec.Name}: SHA-256 {digest.Sha256} (trusted on first download; recorded after extraction)"
            : $"{spec.Name}: SHA-256 verified against {expectedFrom}");

        // 3. Extract into a temporary sibling, then rename into place.
        string temp = Path.Combine(parent, $".{Path.GetFileName(folder)}.extracting-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        ExtractionResult extracted;
        try
        {
            extracted = await ArchiveExtractor.ExtractAsync(
                archive, spec.Format, temp, spec.StripPrefixes, _progress, $"{spec.Name} extract", ct, _options.BeforeExtractEntry).ConfigureAwait(false);
            foreach (var expected in spec.Expect)
            {
                string path = Path.Combine(temp, expected.Replace('/', Path.DirectorySeparatorChar));
                if (!File.Exists(path) && !Directory.Exists(path))
                    throw new DatasetException($"{archive}: '{expected}' is missing after extraction, so this is not a {spec.Title} archive");
            }
            if (extracted.Files == 0)
                throw new DatasetException($"{archive}: the archive holds no files");

            var marker = new DatasetMarker
            {
                Name = spec.Name,
                Title = spec.Title,
                Url = dataset.Url.ToString(),
                Sha256 = digest.Sha256,
                ArchiveBytes = digest.Length,
                Verification = spec.Sha256 is not null ? "pinned" : locked is not null ? "lock" : "trust-on-first-download",
                Files = extracted.Files,
                Bytes = extracted.Bytes,
                License = spec.License,
                InstalledAt = DateTimeOffset.UtcNow,
            };
            await marker.WriteAsync(temp, ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            Directory.Move(temp, folder);
        }
        catch (Exception e)
        {
            AtomicFile.TryDeleteDirectory(temp);
            if (e is DatasetException && !ct.IsCancellationRequested)
            {
                // The bytes are what was verified, yet they do not extract: keeping them would only fail again.
                AtomicFile.TryDelete(archive);
                throw new DatasetException($"{spec.Name}: {e.Message} Nothing was installed and the archive was deleted.", e);
            }
            if (e is IOException or UnauthorizedAccessException)
                throw new DatasetException(
                    $"{spec.Name}: extracting into {parent} failed ({e.Message}). Nothing was installed; the verified archive is kept in {archive} for the next run.", e);
            throw;
        }

        if (expectedSha is null)
        {
            await lockFile.RecordAsync(spec.Name, new LockedChecksum
            {
                Url = dataset.Url.ToString(),
                Sha256 = digest.Sha256,
                Size = digest.Length,
                RecordedAt = DateTimeOffset.UtcNow,
            }, CancellationToken.None).ConfigureAwait(false);
            _progress.Info($"{spec.Name}: recorded SHA-256 {digest.Sha256} in {lockFile.Path}");
        }
        if (!_options.KeepArchives) AtomicFile.TryDelete(archive);
        _progress.Info($"{spec.Name}: installed {extracted.Files:N0} files in {folder}");
        return new InstallReport(spec.Name, folder, InstallOutcome.Installed, extracted.Files, download);
    }

    private void WarnIfShortOfSpace(string destination, DatasetSpec spec, string partial)
    {
        if (spec.Size is not long size) return;
        try
        {
            long have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            long needed = 2 * size - have; // the archive, and roughly as much again extracted (audio hardly compresses)
            long free = new DriveInfo(destination).AvailableFreeSpace;
            if (free < needed)
                _progress.Warn($"{spec.Name}: needs about {needed / 1e9:0.0} GB free in {destination}, {free / 1e9:0.0} GB are available");
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // Free space is advisory; some filesystems cannot report it.
        }
    }

    private static IDisposable AcquireGuard(string downloads, string name)
    {
        string path = Path.Combine(downloads, $"{name}.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new DatasetException($"{name}: another neuralaudio process is installing it ({path} is held); wait for it to finish");
        }
    }

    private static void RemoveStaleExtractions(string parent, string leaf)
    {
        // A killed process cannot clean up after itself; the guard above means no live process owns these.
        foreach (var stale in Directory.EnumerateDirectories(parent, $".{leaf}.extracting-*"))
            AtomicFile.TryDeleteDirectory(stale);
    }

    private static void TryRemoveEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
        }
        catch (IOException) { }
    }
}
