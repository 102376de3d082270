namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>A recording that was not converted, and why.</summary>
/// <param name="Id">Catalogue number (as the API gave it).</param>
/// <param name="Url">The audio URL, or the recording page when there was none.</param>
/// <param name="Reason">What went wrong.</param>
public sealed record SkippedRecording(string Id, string Url, string Reason);

/// <summary>What a Xeno-canto run did.</summary>
/// <param name="Matched">Recordings matching the query (all pages).</param>
/// <param name="Considered">Recordings looked at (at most the requested maximum).</param>
/// <param name="Converted">WAV files written by this run.</param>
/// <param name="AlreadyPresent">Recordings skipped because their WAV file was already there.</param>
/// <param name="Skipped">Recordings that failed (corrupt audio, HTTP errors), named.</param>
/// <param name="PagesFetched">API pages requested.</param>
/// <param name="AttributionPath">The attribution file.</param>
public sealed record XenoCantoReport(
    int Matched, int Considered, int Converted, int AlreadyPresent, IReadOnlyList<SkippedRecording> Skipped, int PagesFetched, string AttributionPath);
