using System.Text.Json.Serialization;

namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>One recording as the Xeno-canto API v3 lists it (only the fields NeuralAudio uses).</summary>
public sealed record XenoCantoRecording
{
    /// <summary>Catalogue number (digits), e.g. <c>694038</c>.</summary>
    [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }

    /// <summary>Genus.</summary>
    [JsonPropertyName("gen"), JsonConverter(typeof(LenientStringConverter))]
    public string? Genus { get; init; }

    /// <summary>Species epithet.</summary>
    [JsonPropertyName("sp"), JsonConverter(typeof(LenientStringConverter))]
    public string? Species { get; init; }

    /// <summary>Subspecies, often empty.</summary>
    [JsonPropertyName("ssp"), JsonConverter(typeof(LenientStringConverter))]
    public string? Subspecies { get; init; }

    /// <summary>English name.</summary>
    [JsonPropertyName("en"), JsonConverter(typeof(LenientStringConverter))]
    public string? EnglishName { get; init; }

    /// <summary>Recordist.</summary>
    [JsonPropertyName("rec"), JsonConverter(typeof(LenientStringConverter))]
    public string? Recordist { get; init; }

    /// <summary>Country.</summary>
    [JsonPropertyName("cnt"), JsonConverter(typeof(LenientStringConverter))]
    public string? Country { get; init; }

    /// <summary>License URL (often protocol-relative, <c>//creativecommons.org/...</c>).</summary>
    [JsonPropertyName("lic"), JsonConverter(typeof(LenientStringConverter))]
    public string? License { get; init; }

    /// <summary>Recording page URL.</summary>
    [JsonPropertyName("url"), JsonConverter(typeof(LenientStringConverter))]
    public string? Url { get; init; }

    /// <summary>Audio download URL.</summary>
    [JsonPropertyName("file"), JsonConverter(typeof(LenientStringConverter))]
    public string? File { get; init; }

    /// <summary>Original file name.</summary>
    [JsonPropertyName("file-name"), JsonConverter(typeof(LenientStringConverter))]
    public string? FileName { get; init; }

    /// <summary>Quality rating A (best) to E, or "no score".</summary>
    [JsonPropertyName("q"), JsonConverter(typeof(LenientStringConverter))]
    public string? Quality { get; init; }

    /// <summary>Length as the API writes it (<c>0:35</c>).</summary>
    [JsonPropertyName("length"), JsonConverter(typeof(LenientStringConverter))]
    public string? Length { get; init; }

    /// <summary>Scientific name: genus, species and subspecies when given.</summary>
    [JsonIgnore]
    public string ScientificName =>
        string.Join(' ', new[] { Genus, Species, Subspecies }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
}
