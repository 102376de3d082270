using System.Text.Json;
using System.Web;

namespace NeuralAudio.Datasets.Tests.Infrastructure;

/// <summary>A Xeno-canto API v3 look-alike on the fixture server: paged JSON at <c>/api/3/recordings</c>, audio under <c>/audio/</c>.</summary>
public sealed class FakeXenoCanto
{
    public const string ApiPath = "/api/3/recordings";
    public const string Key = "test-key-123";

    private readonly FixtureServer _server;
    private readonly List<object[]> _pages = [];

    public FakeXenoCanto(FixtureServer server)
    {
        _server = server;
        server.Map(ApiPath, async (context, index, record) =>
        {
            var query = HttpUtility.ParseQueryString(context.Request.Url!.Query);
            if (query["key"] != Key)
            {
                await FixtureServer.WriteJsonAsync(context, 401, """{"error":"unauthorized","message":"Invalid or missing API key"}""", record);
                return;
            }
            int page = int.Parse(query["page"] ?? "1");
            if (Throttle429.TryGetValue(page, out var retryAfter) && ServedFor429.Add(page))
            {
                context.Response.Headers["Retry-After"] = retryAfter.ToString();
                await FixtureServer.WriteJsonAsync(context, 429, """{"error":"too many requests"}""", record);
                return;
            }
            ReceivedQueries.Add(query["query"] ?? "");
            var json = JsonSerializer.Serialize(new
            {
                numRecordings = _pages.Sum(p => p.Length).ToString(),
                numSpecies = "2",
                page,
                numPages = _pages.Count,
                recordings = page >= 1 && page <= _pages.Count ? _pages[page - 1] : Array.Empty<object>(),
            });
            await FixtureServer.WriteJsonAsync(context, 200, json, record);
        });
    }

    /// <summary>Pages whose first request is answered with HTTP 429 and this Retry-After (seconds).</summary>
    public Dictionary<int, int> Throttle429 { get; } = [];

    private HashSet<int> ServedFor429 { get; } = [];

    public List<string> ReceivedQueries { get; } = [];

    public Uri BaseUrl => _server.Url(ApiPath);

    public void AddPage(params object[] recordings) => _pages.Add(recordings);

    /// <summary>A recording whose audio is served at <c>/audio/&lt;id&gt;.mp3</c> with <paramref name="audio"/>.</summary>
    public object Recording(string id, string genus, string species, string english, string recordist, byte[] audio)
    {
        _server.MapFile($"/audio/{id}.mp3", audio);
        return new Dictionary<string, object>
        {
            ["id"] = id,
            ["gen"] = genus,
            ["sp"] = species,
            ["ssp"] = "",
            ["grp"] = "birds",
            ["en"] = english,
            ["rec"] = recordist,
            ["cnt"] = "Germany",
            ["lic"] = "//creativecommons.org/licenses/by-nc-sa/4.0/",
            ["url"] = $"//xeno-canto.org/{id}",
            ["file"] = _server.Url($"audio/{id}.mp3").ToString(),
            ["file-name"] = $"XC{id}-{genus}-{species}.mp3",
            ["q"] = "A",
            ["length"] = "0:01",
        };
    }
}
