namespace NeuralAudio.Training.Datasets.Download;

/// <summary>A dataset with the URL it will be fetched from and where that URL came from.</summary>
/// <param name="Spec">The catalog entry.</param>
/// <param name="Url">The URL to fetch: the catalog's, or an override.</param>
/// <param name="UrlSource">Where <paramref name="Url"/> came from, for messages (e.g. <c>NEURALAUDIO_ESC50_URL</c>).</param>
public sealed record ResolvedDataset(DatasetSpec Spec, Uri Url, string UrlSource);
