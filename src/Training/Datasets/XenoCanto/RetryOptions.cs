namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>How requests to a rate-limited API are retried.</summary>
public sealed record RetryOptions
{
    /// <summary>Retries after the first attempt (on HTTP 429, 502, 503, 504 and connection failures).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First backoff when the server gives no Retry-After; doubles with each retry.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait accepted from a Retry-After header; a longer one fails the request instead.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest a response body may take to arrive (the headers are bounded by the client's own timeout).</summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
