using System.Net;
using System.Net.Http.Headers;

namespace NeuralAudio.Training.Datasets.Download;

/// <summary>
/// Streams a URL into a file through <c>&lt;file&gt;.partial</c> and resumes with <c>Range: bytes=N-</c> when a
/// <c>.partial</c> is already there, whether from a dropped connection in this run or an earlier interrupted one.
/// The final name appears only once every byte has arrived; a cancelled run leaves the <c>.partial</c> for the next one.
/// </summary>
public sealed class ResumableDownloader
{
    private readonly HttpClient _http;
    private readonly DownloadOptions _options;
    private readonly IDatasetProgress _progress;

    /// <summary>Creates a downloader that sends its requests through <paramref name="http"/>.</summary>
    public ResumableDownloader(HttpClient http, DownloadOptions options, IDatasetProgress progress)
    {
        _http = http;
        _options = options;
        _progress = progress;
    }

    /// <summary>The temporary name a download of <paramref name="destinationPath"/> grows under.</summary>
    public static string PartialPath(string destinationPath) => destinationPath + ".partial";

    /// <summary>Downloads <paramref name="url"/> to <paramref name="destinationPath"/>.</summary>
    /// <param name="url">What to fetch.</param>
    /// <param name="destinationPath">Where the complete file goes.</param>
    /// <param name="expectedSize">The size the file must have, when known: a server announcing another size is refused early.</param>
    /// <param name="label">Names the download in progress output.</param>
    /// <param name="cancellationToken">Stops the download; the <c>.partial</c> file stays for the next run.</param>
    public async Task<DownloadResult> DownloadAsync(Uri url, string destinationPath, long? expectedSize, string label, CancellationToken cancellationToken)
    {
        string partial = PartialPath(destinationPath);
        var state = new State();
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await AttemptAsync(url, partial, expectedSize, label, attempt, state, cancellationToken).ConfigureAwait(false);
            if (outcome == Outcome.Complete) break;
            if (attempt >= _options.MaxAttempts)
            {
                long have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
                throw new DatasetException(
                    $"{url}: download failed after {attempt} attempts ({state.LastProblem}); {have:N0} bytes are kept in {partial}: run the command again to resume.");
            }
            _progress.Warn($"{label}: {state.LastProblem}; retrying (attempt {attempt + 1} of {_options.MaxAttempts})");
            await Task.Delay(_options.RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
        }

        File.Move(partial, destinationPath, overwrite: true);
        return new DownloadResult(destinationPath, new FileInfo(destinationPath).Length, state.Transferred, state.ResumedFrom, state.Requests);
    }

    private enum Outcome { Complete, Retry }

    private sealed class State
    {
        public long Transferred;
        public long? ResumedFrom;
        public int Requests;
        public string LastProblem = "";
    }

    private async Task<Outcome> AttemptAsync(Uri url, string partial, long? expectedSize, string label, int attempt, State state, CancellationToken ct)
    {
        long existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (expectedSize is long pinned && existing > pinned)
        {
            _progress.Warn($"{label}: {partial} is larger ({existing:N0} bytes) than the expected {pinned:N0}; starting again");
            File.Delete(partial);
            existing = 0;
        }
        if (expectedSize is long size && existing == size && size > 0)
            return Outcome.Complete; // an earlier run received everything but stopped before renaming

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0) request.Headers.Range = new RangeHeaderValue(existing, null);

        HttpResponseMessage response;
        try
        {
            state.Requests++;
            using var headers = CancellationTokenSource.CreateLinkedTokenSource(ct);
            headers.CancelAfter(_options.ReadTimeout);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (!ct.IsCancellationRequested)
        {
            state.LastProblem = $"cannot connect to {url.Host}: {e.Message}";
            return Outcome.Retry;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            state.LastProblem = $"{url.Host} did not answer in time";
            return Outcome.Retry;
        }

        using (response)
        {
            long offset;
            long? total;
            switch (response.StatusCode)
            {
                case HttpStatusCode.PartialContent:
                {
                    var range = response.Content.Headers.ContentRange;
                    if (existing == 0 || range?.From != existing)
                    {
                        state.LastProblem = $"the server answered the range request for byte {existing:N0} with range {range}";
                        File.Delete(partial);
                        return Outcome.Retry;
                    }
                    offset = existing;
                    total = range.Length ?? (response.Content.Headers.ContentLength is long rest ? existing + rest : null);
                    state.ResumedFrom ??= existing;
                    _progress.Info($"{label}: resuming at byte {existing:N0} of {Describe(total)}");
                    break;
                }
                case HttpStatusCode.OK:
                    if (existing > 0)
                        _progress.Warn($"{label}: the server ignored the range request (HTTP 200), so the download restarts from byte 0");
                    offset = 0;
                    total = response.Content.Headers.ContentLength;
                    break;
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                {
                    long? length = response.Content.Headers.ContentRange?.Length;
                    if (existing > 0 && length == existing)
                        return Outcome.Complete; // everything was already here
                    state.LastProblem = $"the server refused the range request for byte {existing:N0} (HTTP 416, file is {Describe(length)})";
                    File.Delete(partial);
                    return Outcome.Retry;
                }
                default:
                    if (IsTransient(response.StatusCode))
                    {
                        state.LastProblem = $"{url.Host} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                        return Outcome.Retry;
                    }
                    throw new DatasetException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (expectedSize is long want && total is long announced && announced != want)
            {
                if (File.Exists(partial)) File.Delete(partial);
                throw new DatasetException(
                    $"{url}: the server offers {announced:N0} bytes but datasets.json pins {want:N0}; this is not the expected file (check the URL or mirror)");
            }

            using var task = _progress.StartTask(label, total, ProgressUnit.Bytes);
            task.SetValue(offset);
            var fileMode = offset == 0 ? FileMode.Create : FileMode.Append;
            // Unbuffered: every received chunk reaches the file at once, so even a killed process leaves a .partial that
            // holds exactly the bytes received, which the next run resumes after.
            await using var file = new FileStream(partial, fileMode, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                var buffer = new byte[_options.BufferSize];
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
                while (true)
                {
                    stall.CancelAfter(_options.ReadTimeout);
                    int read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                    if (read == 0) break;
                    await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    state.Transferred += read;
                    task.SetValue(file.Length);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
            {
                await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                state.LastProblem = e is OperationCanceledException
                    ? $"no data from {url.Host} for {_options.ReadTimeout.TotalSeconds:0} s after {file.Length:N0} bytes"
                    : $"the connection to {url.Host} dropped after {file.Length:N0} of {Describe(total)}";
                return Outcome.Retry;
            }

            await file.FlushAsync(ct).ConfigureAwait(false);
            if (total is long expected && file.Length != expected)
            {
                state.LastProblem = $"the connection to {url.Host} ended after {file.Length:N0} of {Describe(total)}";
                return Outcome.Retry;
            }
            return Outcome.Complete;
        }
    }

    private static bool IsTransient(HttpStatusCode code) =>
        code is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout;

    private static string Describe(long? bytes) => bytes is long b ? $"{b:N0} bytes" : "unknown size";
}
