using System.Globalization;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>
/// Searches Xeno-canto, downloads the first <see cref="XenoCantoOptions.Max"/> matching recordings and writes each as
/// <c>XC&lt;id&gt;.wav</c> (mono, 16-bit, at the requested rate) plus a row in <c>attribution.csv</c>.
/// Recordings already present are skipped; one that cannot be decoded is reported and skipped, and the run goes on.
/// </summary>
public sealed class XenoCantoDownloader
{
    /// <summary>Folder under the destination where recordings wait between download and conversion.</summary>
    public const string IncomingFolder = ".incoming";

    private readonly HttpClient _http;
    private readonly XenoCantoOptions _options;
    private readonly IDatasetProgress _progress;

    /// <summary>Creates a downloader that sends its requests through <paramref name="http"/>.</summary>
    public XenoCantoDownloader(HttpClient http, XenoCantoOptions options, IDatasetProgress progress)
    {
        _http = http;
        _options = options;
        _progress = progress;
    }

    /// <summary>The WAV file name for recording <paramref name="id"/>.</summary>
    public static string WavFileName(string id) => $"XC{id}.wav";

    /// <summary>Checks the options; every problem here is reported before any request is made.</summary>
    /// <exception cref="DatasetException">An option is missing or out of range.</exception>
    public static void Validate(XenoCantoOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
            throw new DatasetException(
                $"no Xeno-canto API key: pass --api-key KEY or set {XenoCantoOptions.ApiKeyEnvironmentVariable}. " +
                "API v3 requires one; every Xeno-canto account with a verified e-mail address has a key on its account page.");
        if (string.IsNullOrWhiteSpace(options.Query))
            throw new DatasetException("--query is empty; give a Xeno-canto search such as \"grp:birds cnt:germany\"");
        if (options.Quality is not null && (options.Quality.Length != 1 || options.Quality[0] is < 'A' or > 'E'))
            throw new DatasetException($"--quality '{options.Quality}': expected one letter from A (best) to E");
        if (options.Max < 1)
            throw new DatasetException($"--max {options.Max}: must be at least 1");
        if (options.SampleRate is < 8000 or > 192000)
            throw new DatasetException($"--sample-rate {options.SampleRate}: must be between 8000 and 192000 Hz");
        if (!options.BaseUrl.IsAbsoluteUri || (options.BaseUrl.Scheme != Uri.UriSchemeHttp && options.BaseUrl.Scheme != Uri.UriSchemeHttps))
            throw new DatasetException($"Xeno-canto API URL '{options.BaseUrl}' is not an absolute http(s) URL");
        if (options.RequestsPerSecond < 0)
            throw new DatasetException($"--requests-per-second {options.RequestsPerSecond}: must not be negative");
    }

    /// <summary>Runs the search, the downloads and the conversions.</summary>
    /// <exception cref="DatasetException">The options are invalid or the API refused the search.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; finished WAV files and their attribution rows are kept.</exception>
    public async Task<XenoCantoReport> RunAsync(CancellationToken cancellationToken)
    {
        Validate(_options);
        string destination = Path.GetFullPath(_options.Destination);
        if (File.Exists(destination))
            throw new DatasetException($"{destination}: --dest is a file, not a folder");
        Directory.CreateDirectory(destination);
        var attribution = AttributionFile.Load(destination);

        var client = new XenoCantoClient(_http, new RequestThrottle(_options.RequestsPerSecond), _options.Retry, _progress);
        string query = _options.FullQuery;

        // 1. Page through the results until there are enough.
        var candidates = new List<XenoCantoRecording>();
        int matched = 0, pages = 0, numPages = 1;
        for (int page = 1; page <= numPages && candidates.Count < _options.Max; page++)
        {
            var result = await client.GetPageAsync(_options.BaseUrl, query, _options.ApiKey!, page, cancellationToken).ConfigureAwait(false);
            pages++;
            if (page == 1)
            {
                matched = result.NumRecordings;
                numPages = Math.Max(1, result.NumPages);
                _progress.Info($"Xeno-canto: {matched:N0} recordings match \"{query}\" ({numPages} page{(numPages == 1 ? "" : "s")}); taking up to {_options.Max}");
            }
            if (result.Recordings is not { Count: > 0 }) break;
            candidates.AddRange(result.Recordings.Take(_options.Max - candidates.Count));
        }

        // 2. Download and convert each one not already present.
        string incoming = Path.Combine(destination, IncomingFolder);
        var skipped = new List<SkippedRecording>();
        int converted = 0, present = 0;
        using var task = _progress.StartTask("xeno-canto recordings", candidates.Count, ProgressUnit.Items);
        try
        {
            for (int i = 0; i < candidates.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var recording = candidates[i];
                task.SetValue(i);
                string id = recording.Id?.Trim() ?? "";
                if (id.Length == 0 || !id.All(char.IsAsciiDigit))
                {
                    Skip(skipped, id, recording.Url ?? "", $"the API gave an invalid id '{id}'");
                    continue;
                }
                string wav = Path.Combine(destination, WavFileName(id));
                if (File.Exists(wav))
                {
                    present++;
                    attribution.Upsert(Attribution(recording, id));
                    continue;
                }
                var fileUrl = Absolute(recording.File);
                if (fileUrl is null)
                {
                    Skip(skipped, id, Absolute(recording.Url)?.ToString() ?? "", "the API gave no download URL");
                    continue;
                }

                Directory.CreateDirectory(incoming);
                string download = Path.Combine(incoming, $"XC{id}.download");
                try
                {
                    await client.DownloadAsync(fileUrl, download, cancellationToken).ConfigureAwait(false);
                    var result = MonoWavConverter.Convert(download, wav, _options.SampleRate, cancellationToken);
                    converted++;
                    attribution.Upsert(Attribution(recording, id));
                    await attribution.SaveAsync(CancellationToken.None).ConfigureAwait(false);
                    _progress.Info($"XC{id} {recording.ScientificName}: {result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, " +
                                   $"{result.SourceChannels} ch {result.SourceSampleRate} Hz -> mono {result.SampleRate} Hz");
                }
                catch (CorruptAudioException e)
                {
                    Skip(skipped, id, fileUrl.ToString(), e.Message);
                }
                catch (DatasetException e)
                {
                    Skip(skipped, id, fileUrl.ToString(), e.Message);
                }
                finally
                {
                    AtomicFile.TryDelete(download);
                }
            }
            task.SetValue(candidates.Count);
        }
        finally
        {
            // Rows for recordings already present (and for everything converted before a cancellation) are kept.
            await attribution.SaveAsync(CancellationToken.None).ConfigureAwait(false);
            try { if (Directory.Exists(incoming) && !Directory.EnumerateFileSystemEntries(incoming).Any()) Directory.Delete(incoming); }
            catch (IOException) { }
        }

        return new XenoCantoReport(matched, candidates.Count, converted, present, skipped, pages, attribution.Path);
    }

    private void Skip(List<SkippedRecording> skipped, string id, string url, string reason)
    {
        skipped.Add(new SkippedRecording(id, url, reason));
        _progress.Warn($"XC{id} ({url}): {reason}; skipped");
    }

    private AttributionRow Attribution(XenoCantoRecording r, string id) => new(
        id,
        r.ScientificName,
        r.EnglishName?.Trim() ?? "",
        r.Recordist?.Trim() ?? "",
        Absolute(r.License)?.ToString() ?? r.License?.Trim() ?? "",
        Absolute(r.Url)?.ToString() ?? $"https://xeno-canto.org/{id}",
        r.Quality?.Trim() ?? "",
        WavFileName(id));

    /// <summary>Makes the API's protocol-relative (<c>//host/path</c>) and relative URLs absolute.</summary>
    private Uri? Absolute(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (url.StartsWith("//", StringComparison.Ordinal)) url = "https:" + url;
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            return absolute;
        return Uri.TryCreate(_options.BaseUrl, url, out var relative) ? relative : null;
    }
}
