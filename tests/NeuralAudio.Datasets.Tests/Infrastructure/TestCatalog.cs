using System.Text;
using System.Text.Json;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Datasets.Tests.Infrastructure;

/// <summary>A datasets.json for the tests: the real layouts, URLs on the fixture server, checksums of the fixtures.</summary>
public static class TestCatalog
{
    public sealed record Entry(string Name, string Group, string? Subset, Uri Url, string Archive, string Format, string? Sha256, long? Size,
        string Directory, string[] StripPrefixes, string[] Expect, string? Md5 = null, string? UrlEnvironmentVariable = null);

    public static Entry Esc50(Uri url, byte[]? pinned) => new(
        "esc50", "esc50", null, url, "ESC-50-master.zip", "zip",
        pinned is null ? null : ArchiveFixtures.Sha256(pinned), pinned?.Length,
        "ESC-50", ["ESC-50-master/"], ["meta/esc50.csv", "audio"], pinned is null ? null : ArchiveFixtures.Md5(pinned), "NEURALAUDIO_ESC50_URL");

    public static Entry LibriSpeech(string subset, Uri url, byte[]? pinned) => new(
        $"librispeech-{subset}", "librispeech", subset, url, $"{subset}.tar.gz", "tar.gz",
        pinned is null ? null : ArchiveFixtures.Sha256(pinned), pinned?.Length,
        $"LibriSpeech/{subset}", [$"LibriSpeech/{subset}/", "LibriSpeech/"], ["SPEAKERS.TXT"], pinned is null ? null : ArchiveFixtures.Md5(pinned),
        $"NEURALAUDIO_LIBRISPEECH_{subset.ToUpperInvariant().Replace('-', '_')}_URL");

    public static string Json(params Entry[] entries) => JsonSerializer.Serialize(new
    {
        datasets = entries.Select(e => new
        {
            name = e.Name,
            title = e.Name,
            group = e.Group,
            subset = e.Subset,
            url = e.Url.ToString(),
            urlEnvironmentVariable = e.UrlEnvironmentVariable,
            archive = e.Archive,
            format = e.Format,
            sha256 = e.Sha256,
            md5 = e.Md5,
            size = e.Size,
            directory = e.Directory,
            stripPrefixes = e.StripPrefixes,
            expect = e.Expect,
        }),
    });

    public static DatasetCatalog Load(params Entry[] entries) =>
        DatasetCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(Json(entries))), "test catalog");

    public static IReadOnlyList<ResolvedDataset> Resolve(DatasetCatalog catalog) =>
        catalog.Datasets.Select(d => DatasetUrlResolver.Resolve(d, new Dictionary<string, string>(), _ => null)).ToList();
}
