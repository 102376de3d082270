using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>One page of an API v3 answer.</summary>
public sealed record XenoCantoPage
{
    /// <summary>Recordings matching the query in all pages.</summary>
    [JsonPropertyName("numRecordings")]
    public int NumRecordings { get; init; }

    /// <summary>Pages in all.</summary>
    [JsonPropertyName("numPages")]
    public int NumPages { get; init; }

    /// <summary>This page's number (1-based).</summary>
    [JsonPropertyName("page")]
    public int Page { get; init; }

    /// <summary>This page's recordings.</summary>
    [JsonPropertyName("recordings")]
    public IReadOnlyList<XenoCantoRecording>? Recordings { get; init; }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
