using System.Net;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>Sends a request through a <see cref="RequestThrottle"/>, retrying a bounded number of times on rate limiting and transient failures.</summary>
internal static class HttpRetry
{
    /// <summary>
    /// The first response that is not retryable (success or a definite error, for the caller to judge).
    /// </summary>
    /// <param name="http">The client.</param>
    /// <param name="createRequest">Builds a fresh request for each attempt.</param>
    /// <param name="throttle">Spaces every attempt.</param>
    /// <param name="options">Retry bounds.</param>
    /// <param name="progress">Receives a warning per retry.</param>
    /// <param name="what">Names the request in messages (never contains the API key).</param>
    /// <param name="cancellationToken">Cancels waits and requests.</param>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient http,
        Func<HttpRequestMessage> createRequest,
        RequestThrottle throttle,
        RetryOptions options,
        IDatasetProgress progress,
        string what,
        CancellationToken cancellationToken)
    {
        for (int retry = 0; ; retry++)
        {
            await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
            string problem = "no response";
            TimeSpan? retryAfter = null;
            using (var request = createRequest())
            {
                HttpResponseMessage? response = null;
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
                {
                    problem = $"cannot connect ({e.Message})";
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    problem = "no answer in time";
                }

                if (response is not null)
                {
                    if (!IsRetryable(response.StatusCode)) return response;
                    problem = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                    retryAfter = RetryAfter(response);
                    response.Dispose();
                }
            }

            if (retry >= options.MaxRetries)
                throw new DatasetException($"{what}: {problem}, still after {options.MaxRetries} retries; try again later");
            var delay = retryAfter ?? options.BaseDelay * Math.Pow(2, retry);
            if (delay > options.MaxRetryAfter)
                throw new DatasetException(
                    $"{what}: {problem}, and the server asks to wait {delay.TotalSeconds:0} s (longer than {options.MaxRetryAfter.TotalSeconds:0} s); try again later");
            progress.Warn($"{what}: {problem}; waiting {delay.TotalSeconds:0.#} s{(retryAfter is null ? "" : " (Retry-After)")} before retry {retry + 1} of {options.MaxRetries}");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRetryable(HttpStatusCode code) =>
        code is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is TimeSpan delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is DateTimeOffset date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
