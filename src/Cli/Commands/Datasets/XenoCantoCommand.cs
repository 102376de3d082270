using System.CommandLine;
using Spectre.Console;
using NeuralAudio.Training.Datasets.Download;
using NeuralAudio.Training.Datasets.XenoCanto;

namespace NeuralAudio.Cli.Commands.Datasets;

/// <summary><c>neuralaudio datasets xeno-canto</c>: search, download and convert recordings to mono WAV with attribution.</summary>
internal static class XenoCantoCommand
{
    public static Command Create(DatasetsCommandContext context)
    {
        var query = new Option<string>("--query")
        {
            Description = "Xeno-canto search, e.g. \"grp:birds cnt:germany\" (API v3 search tags).",
            Required = true,
        };
        var quality = new Option<string>("--quality") { Description = "Quality rating to require, added to the query as q:<rating>: A (best) to E." };
        quality.AcceptOnlyFromAmong("A", "B", "C", "D", "E");
        var max = new Option<int>("--max") { Description = "How many recordings to fetch.", DefaultValueFactory = _ => 100 };
        var dest = new Option<string>("--dest") { Description = "Folder for the WAV files and attribution.csv.", DefaultValueFactory = _ => "datasets/xeno-canto" };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Sample rate of the WAV files (Hz).", DefaultValueFactory = _ => 16000 };
        var apiKey = new Option<string>("--api-key") { Description = $"Xeno-canto API key (or set {XenoCantoOptions.ApiKeyEnvironmentVariable})." };
        var apiUrl = new Option<string>("--api-url")
        {
            Description = $"API endpoint (or set {XenoCantoOptions.BaseUrlEnvironmentVariable}); default {XenoCantoOptions.DefaultBaseUrl}.",
        };
        var rate = new Option<double>("--requests-per-second")
        {
            Description = "Most requests a second to Xeno-canto (0: no limit).",
            DefaultValueFactory = _ => 1,
        };
        var retries = new Option<int>("--max-retries") { Description = "Retries on HTTP 429 and transient errors.", DefaultValueFactory = _ => 4 };

        var command = new Command("xeno-canto", "Fetch Xeno-canto recordings as mono WAV files with attribution.csv (most are CC BY-NC-SA).");
        foreach (var option in new Option[] { query, quality, max, dest, sampleRate, apiKey, apiUrl, rate, retries })
            command.Options.Add(option);

        command.SetAction((parse, invocationToken) => DatasetsCommandRunner.RunAsync(
            context,
            "Finished WAV files and their attribution rows are kept; run the same command again to continue.",
            async cancellationToken =>
            {
                string? key = parse.GetValue(apiKey) ?? context.Environment(XenoCantoOptions.ApiKeyEnvironmentVariable);
                string? url = parse.GetValue(apiUrl) ?? context.Environment(XenoCantoOptions.BaseUrlEnvironmentVariable);
                Uri baseUrl = XenoCantoOptions.DefaultBaseUrl;
                if (!string.IsNullOrWhiteSpace(url) && !Uri.TryCreate(url, UriKind.Absolute, out baseUrl!))
                    throw new DatasetException($"Xeno-canto API URL '{url}' is not an absolute URL");

                var options = new XenoCantoOptions
                {
                    Query = parse.GetValue(query) ?? "",
                    Quality = parse.GetValue(quality),
                    Max = parse.GetValue(max),
                    Destination = parse.GetValue(dest) ?? "datasets/xeno-canto",
                    SampleRate = parse.GetValue(sampleRate),
                    ApiKey = string.IsNullOrWhiteSpace(key) ? null : key.Trim(),
                    BaseUrl = baseUrl,
                    RequestsPerSecond = parse.GetValue(rate),
                    Retry = new RetryOptions { MaxRetries = parse.GetValue(retries), BaseDelay = context.RetryDelay },
                };
                XenoCantoDownloader.Validate(options); // before any request

                using var http = context.CreateClient(TimeSpan.FromSeconds(100));
                var progress = new ConsoleDatasetProgress(context.Console, context.UseLiveProgress);
                var downloader = new XenoCantoDownloader(http, options, progress);
                var report = await progress.RunAsync(() => downloader.RunAsync(cancellationToken));

                context.Console.WriteLine(
                    $"Xeno-canto: {report.Converted} converted, {report.AlreadyPresent} already present, {report.Skipped.Count} skipped " +
                    $"(of {report.Considered} considered; {report.Matched} match). Attribution: {report.AttributionPath}");
                foreach (var skipped in report.Skipped)
                    context.Console.WriteLine($"  skipped XC{skipped.Id}: {skipped.Reason}");
                return DatasetsCommandRunner.Ok;
            },
            invocationToken));
        return command;
    }
}
