using System.Text.Json;
using System.Text.RegularExpressions;

namespace NeuralAudio.Training.Datasets.Download;

/// <summary>The datasets the downloader knows: read from <c>datasets.json</c> (embedded in this assembly, or a file).</summary>
public sealed partial class DatasetCatalog
{
    private const string ResourceName = "NeuralAudio.Training.Datasets.datasets.json";

    /// <summary>Creates a catalog from already validated entries.</summary>
    public DatasetCatalog(IReadOnlyList<DatasetSpec> datasets, string source)
    {
        Datasets = datasets;
        Source = source;
    }

    /// <summary>Every dataset, in file order.</summary>
    public IReadOnlyList<DatasetSpec> Datasets { get; }

    /// <summary>Where the catalog came from (for messages).</summary>
    public string Source { get; }

    /// <summary>The catalog that ships with NeuralAudio.</summary>
    public static DatasetCatalog LoadDefault()
    {
        using var stream = typeof(DatasetCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(DatasetCatalog).Assembly.GetName().Name}");
        return Load(stream, "datasets.json (built in)");
    }

    /// <summary>Reads a catalog file.</summary>
    public static DatasetCatalog LoadFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Load(stream, path);
        }
        catch (IOException e) { throw new DatasetException($"{path}: cannot read the dataset catalog: {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DatasetException($"{path}: cannot read the dataset catalog: {e.Message}", e); }
    }

    /// <summary>Parses and validates a catalog; <paramref name="source"/> names it in error messages.</summary>
    public static DatasetCatalog Load(Stream json, string source)
    {
        CatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogFile>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new DatasetException($"{source}: not a valid dataset catalog: {e.Message}", e);
        }
        if (file?.Datasets is not { Count: > 0 })
            throw new DatasetException($"{source}: the catalog lists no datasets");

        var specs = new List<DatasetSpec>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in file.Datasets)
        {
            var spec = Validate(entry, source);
            if (!names.Add(spec.Name)) throw new DatasetException($"{source}: dataset '{spec.Name}' is listed twice");
            if (!directories.Add(spec.Directory)) throw new DatasetException($"{source}: directory '{spec.Directory}' is used twice");
            specs.Add(spec);
        }
        return new DatasetCatalog(specs, source);
    }

    /// <summary>The dataset called <paramref name="name"/> (case-insensitive), or an error listing the known names.</summary>
    public DatasetSpec Get(string name) =>
        Datasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new DatasetException($"unknown dataset '{name}'; {Source} has: {string.Join(", ", Datasets.Select(d => d.Name))}");

    /// <summary>The datasets of one family (<c>librispeech</c>), in file order.</summary>
    public IReadOnlyList<DatasetSpec> Group(string group) =>
        Datasets.Where(d => string.Equals(d.Group, group, StringComparison.OrdinalIgnoreCase)).ToList();

    private static DatasetSpec Validate(CatalogEntry e, string source)
    {
        string where = $"{source}: dataset '{e.Name ?? "?"}'";
        if (string.IsNullOrWhiteSpace(e.Name) || !NamePattern().IsMatch(e.Name))
            throw new DatasetException($"{where}: 'name' must be lower-case letters, digits and dashes");
        if (!Uri.TryCreate(e.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new DatasetException($"{where}: 'url' must be an absolute http(s) URL, not '{e.Url}'");
        var format = e.Format switch
        {
            "zip" => ArchiveFormat.Zip,
            "tar.gz" or "tgz" => ArchiveFormat.TarGz,
            _ => throw new DatasetException($"{where}: 'format' must be \"zip\" or \"tar.gz\", not '{e.Format}'"),
        };
        if (string.IsNullOrWhiteSpace(e.Archive) || e.Archive.IndexOfAny(['/', '\\']) >= 0 || e.Archive.StartsWith('.'))
            throw new DatasetException($"{where}: 'archive' must be a plain file name");
        if (e.Sha256 is not null && !HexPattern(64).IsMatch(e.Sha256))
            throw new DatasetException($"{where}: 'sha256' must be 64 hex digits or null");
        if (e.Md5 is not null && !HexPattern(32).IsMatch(e.Md5))
            throw new DatasetException($"{where}: 'md5' must be 32 hex digits or null");
        if (e.Size is <= 0)
            throw new DatasetException($"{where}: 'size' must be positive or null");
        string directory = (e.Directory ?? "").Replace('\\', '/').Trim('/');
        if (directory.Length == 0 || directory.Split('/').Any(c => c.Length == 0 || c == "." || c == ".." || c.StartsWith('.')))
            throw new DatasetException($"{where}: 'directory' must be a relative path without '.', '..' or hidden components");
        if (e.UrlEnvironmentVariable is { } env && !EnvPattern().IsMatch(env))
            throw new DatasetException($"{where}: 'urlEnvironmentVariable' must be upper-case letters, digits and underscores");

        return new DatasetSpec
        {
            Name = e.Name,
            Title = e.Title ?? e.Name,
            Group = e.Group ?? e.Name,
            Subset = e.Subset,
            Url = url,
            UrlEnvironmentVariable = e.UrlEnvironmentVariable,
            ArchiveFileName = e.Archive,
            Format = format,
            Sha256 = e.Sha256?.ToLowerInvariant(),
            Md5 = e.Md5?.ToLowerInvariant(),
            Size = e.Size,
            Directory = directory,
            StripPrefixes = e.StripPrefixes ?? [],
            Expect = e.Expect ?? [],
            License = e.License,
            Homepage = e.Homepage,
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Z_][A-Z0-9_]*$")]
    private static partial Regex EnvPattern();

    private static Regex HexPattern(int digits) => digits == 64 ? Hex64() : Hex32();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Hex64();

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex Hex32();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed class CatalogFile
    {
        public List<CatalogEntry>? Datasets { get; set; }
    }

    private sealed class CatalogEntry
    {
        public string? Name { get; set; }
        public string? Title { get; set; }
        public string? Group { get; set; }
        public string? Subset { get; set; }
        public string? Url { get; set; }
        public string? UrlEnvironmentVariable { get; set; }
        public string? Archive { get; set; }
        public string? Format { get; set; }
        public string? Sha256 { get; set; }
        public string? Md5 { get; set; }
        public long? Size { get; set; }
        public string? Directory { get; set; }
        public List<string>? StripPrefixes { get; set; }
        public List<string>? Expect { get; set; }
        public string? License { get; set; }
        public string? Homepage { get; set; }
        public string? Note { get; set; }
    }
}
