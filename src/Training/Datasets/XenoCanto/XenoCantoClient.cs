using System.Net;
using System.Text;
using System.Text.Json;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>Talks to the Xeno-canto API v3: pages of search results and recording downloads, throttled and retried.</summary>
public sealed class XenoCantoClient
{
    private readonly HttpClient _http;
    private readonly RequestThrottle _throttle;
    private readonly RetryOptions _retry;
    private readonly IDatasetProgress _progress;

    /// <summary>Creates a client; every request waits on <paramref name="throttle"/>.</summary>
    public XenoCantoClient(HttpClient http, RequestThrottle throttle, RetryOptions retry, IDatasetProgress progress)
    {
        _http = http;
        _throttle = throttle;
        _retry = retry;
        _progress = progress;
    }

    /// <summary>The request URL for one page of <paramref name="query"/>.</summary>
    public static Uri PageUrl(Uri baseUrl, string query, string apiKey, int page)
    {
        string separator = string.IsNullOrEmpty(baseUrl.Query) ? "?" : "&";
        return new Uri($"{baseUrl}{separator}query={Uri.EscapeDataString(query)}&key={Uri.EscapeDataString(apiKey)}&page={page}");
    }

    /// <summary>A URL fit for messages: the API key replaced by <c>***</c>.</summary>
    public static string Redact(Uri url)
    {
        var text = url.ToString();
        int key = text.IndexOf("key=", StringComparison.Ordinal);
        if (key < 0) return text;
        int end = text.IndexOf('&', key);
        return text[..(key + 4)] + "***" + (end < 0 ? "" : text[end..]);
    }

    /// <summary>Fetches page <paramref name="page"/> of the results for <paramref name="query"/>.</summary>
    /// <exception cref="DatasetException">The API refused the request or answered something that is not a result page.</exception>
    public async Task<XenoCantoPage> GetPageAsync(Uri baseUrl, string query, string apiKey, int page, CancellationToken cancellationToken)
    {
        var url = PageUrl(baseUrl, query, apiKey, page);
        string shown = Redact(url);
        using var response = await HttpRetry.SendAsync(
            _http, () => new HttpRequestMessage(HttpMethod.Get, url), _throttle, _retry, _progress, $"Xeno-canto API {shown}", cancellationToken).ConfigureAwait(false);
        string body;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_retry.BodyTimeout);
            try
            {
                body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
            {
                throw new DatasetException($"Xeno-canto API {shown}: the answer broke off ({e.Message})", e);
            }
        }
        if (!response.IsSuccessStatusCode)
        {
            string detail = ErrorMessage(body);
            string hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? " (check the API key: --api-key or XENO_CANTO_API_KEY)"
                : "";
            throw new DatasetException($"Xeno-canto API {shown}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}{detail}{hint}");
        }
        try
        {
            return JsonSerializer.Deserialize<XenoCantoPage>(body, XenoCantoPage.JsonOptions)
                ?? throw new DatasetException($"Xeno-canto API {shown}: the answer is empty");
        }
        catch (JsonException e)
        {
            throw new DatasetException($"Xeno-canto API {shown}: the answer is not a result page ({e.Message})", e);
        }
    }

    /// <summary>Downloads <paramref name="url"/> into <paramref name="path"/> (overwriting it).</summary>
    /// <exception cref="DatasetException">The server refused or the transfer broke off.</exception>
    public async Task DownloadAsync(Uri url, string path, CancellationToken cancellationToken)
    {
        using var response = await HttpRetry.SendAsync(
            _http, () => new HttpRequestMessage(HttpMethod.Get, url), _throttle, _retry, _progress, url.ToString(), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new DatasetException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_retry.BodyTimeout);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await body.CopyToAsync(file, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
        {
            throw new DatasetException($"{url}: the download broke off ({e.Message})", e);
        }
    }

    private static string ErrorMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "";
        try
        {
            using var doc = JsonDocument.Parse(body);
            var parts = new List<string>();
            foreach (var name in new[] { "error", "message" })
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    parts.Add(value.GetString()!);
            if (parts.Count > 0) return ": " + string.Join(": ", parts);
        }
        catch (JsonException) { }
        var text = new StringBuilder();
        foreach (char c in body.Trim())
        {
            if (text.Length >= 200) { text.Append('…'); break; }
            text.Append(char.IsControl(c) ? ' ' : c);
        }
        return ": " + text;
    }
}
