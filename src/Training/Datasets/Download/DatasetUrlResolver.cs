namespace NeuralAudio.Training.Datasets.Download;

/// <summary>
/// Picks each dataset's URL: a command-line override first, then the dataset's environment variable, then the catalog.
/// </summary>
public static class DatasetUrlResolver
{
    /// <summary>
    /// Parses <c>name=URL</c> overrides (as given to <c>--url-override</c>) into a dictionary keyed by dataset name.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseOverrides(IEnumerable<string> pairs, DatasetCatalog catalog)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0 || eq == pair.Length - 1)
                throw new DatasetException($"--url-override '{pair}': expected name=URL, e.g. esc50=https://mirror.example/ESC-50-master.zip");
            string name = pair[..eq].Trim();
            catalog.Get(name); // names the known datasets when this one is unknown
            result[name] = pair[(eq + 1)..].Trim();
        }
        return result;
    }

    /// <summary>Resolves the URL of <paramref name="spec"/>.</summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="overrides">Command-line overrides keyed by dataset name.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    public static ResolvedDataset Resolve(DatasetSpec spec, IReadOnlyDictionary<string, string> overrides, Func<string, string?> environment)
    {
        if (overrides.TryGetValue(spec.Name, out var fromOption))
            return new ResolvedDataset(spec, Parse(fromOption, $"--url-override {spec.Name}"), $"--url-override {spec.Name}");
        if (spec.UrlEnvironmentVariable is { } variable && environment(variable) is { Length: > 0 } fromEnvironment)
            return new ResolvedDataset(spec, Parse(fromEnvironment, variable), variable);
        return new ResolvedDataset(spec, spec.Url, "datasets.json");
    }

    private static Uri Parse(string value, string source)
    {
        if (Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return uri;
        throw new DatasetException($"{source}: '{value}' is not an absolute http(s) URL");
    }
}
