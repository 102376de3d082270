namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>What <see cref="XenoCantoDownloader"/> fetches and how.</summary>
public sealed record XenoCantoOptions
{
    /// <summary>The public API v3 endpoint.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://xeno-canto.org/api/3/recordings");

    /// <summary>Environment variable that replaces <see cref="DefaultBaseUrl"/> (mirrors, tests).</summary>
    public const string BaseUrlEnvironmentVariable = "NEURALAUDIO_XENO_CANTO_URL";

    /// <summary>Environment variable that supplies the API key.</summary>
    public const string ApiKeyEnvironmentVariable = "XENO_CANTO_API_KEY";

    /// <summary>Search query in Xeno-canto's syntax (API v3 expects tags such as <c>gen:</c>, <c>cnt:</c>, <c>grp:</c>).</summary>
    public required string Query { get; init; }

    /// <summary>Quality rating to require (A best to E), appended to the query as <c>q:A</c>; null for any.</summary>
    public string? Quality { get; init; }

    /// <summary>How many of the matching recordings to fetch (the first ones, in the API's order).</summary>
    public int Max { get; init; } = 100;

    /// <summary>Folder for the WAV files and attribution.csv.</summary>
    public required string Destination { get; init; }

    /// <summary>Sample rate of the WAV files written.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>API key (required by API v3).</summary>
    public string? ApiKey { get; init; }

    /// <summary>API endpoint.</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Most requests a second, API and downloads together; 0 for no limit.</summary>
    public double RequestsPerSecond { get; init; } = 1;

    /// <summary>Retries on HTTP 429 and transient failures.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>The query as sent: <see cref="Query"/> plus the quality tag.</summary>
    public string FullQuery => Quality is null ? Query.Trim() : $"{Query.Trim()} q:{Quality}";
}
