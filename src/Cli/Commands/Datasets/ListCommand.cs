using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NeuralAudio.Training.Datasets.Inventory;
using Spectre.Console;

namespace NeuralAudio.Cli.Commands.Datasets;

/// <summary><c>neuralaudio datasets list</c>: what is under the datasets folder, with file counts, durations and sample rates.</summary>
internal static class ListCommand
{
    public static Command Create(DatasetsCommandContext context)
    {
        var dest = new Option<string>("--dest") { Description = "Folder to inspect.", DefaultValueFactory = _ => "datasets" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON instead of a table." };
        var command = new Command("list", "Show the datasets present: files, total duration and sample rates per folder.");
        command.Options.Add(dest);
        command.Options.Add(json);
        command.SetAction((parse, invocationToken) => DatasetsCommandRunner.RunAsync(
            context,
            "",
            async cancellationToken =>
            {
                string root = parse.GetValue(dest) ?? "datasets";
                IReadOnlyList<DatasetFolderSummary> summaries;
                if (parse.GetValue(json))
                {
                    summaries = DatasetInventory.Scan(root, null, cancellationToken); // stdout carries only the JSON
                }
                else
                {
                    var progress = new ConsoleDatasetProgress(context.Console, context.UseLiveProgress);
                    summaries = await progress.RunAsync(
                        () => Task.Run(() => DatasetInventory.Scan(root, progress, cancellationToken), cancellationToken), clearWhenDone: true);
                }
                if (parse.GetValue(json))
                    context.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(summaries.Select(ToJson), JsonOptions));
                else if (summaries.Count == 0)
                    context.Console.WriteLine($"{Path.GetFullPath(root)} holds no datasets.");
                else
                    context.Console.Write(ToTable(summaries));
                if (!parse.GetValue(json)) // the JSON lists them itself
                    foreach (var s in summaries)
                        foreach (var problem in s.Unreadable.Take(5))
                            context.Console.MarkupLine("[yellow]unreadable:[/] " + Markup.Escape(problem));
                return DatasetsCommandRunner.Ok;
            },
            invocationToken));
        return command;
    }

    private static Table ToTable(IReadOnlyList<DatasetFolderSummary> summaries)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in new[] { "dataset", "audio files", "other files", "duration", "sample rates", "channels", "formats", "installed as" })
            table.AddColumn(h);
        foreach (var s in summaries)
        {
            table.AddRow(new[]
            {
                s.RelativePath,
                s.AudioFiles.ToString("N0", CultureInfo.InvariantCulture) + (s.Unreadable.Count > 0 ? $" (+{s.Unreadable.Count} unreadable)" : ""),
                s.OtherFiles.ToString("N0", CultureInfo.InvariantCulture),
                DatasetUnits.Duration(s.TotalDuration),
                Counts(s.SampleRates, r => $"{r} Hz"),
                Counts(s.Channels, c => c == 1 ? "mono" : c == 2 ? "stereo" : $"{c} ch"),
                Counts(s.Formats, f => f),
                s.Marker is { } m ? $"{m.Name} ({m.Verification ?? "verified"})" : "-",
            }.Select(Markup.Escape).ToArray());
        }
        return table;
    }

    private static string Counts<TKey>(IReadOnlyDictionary<TKey, int> counts, Func<TKey, string> name) where TKey : notnull =>
        counts.Count switch
        {
            0 => "-",
            1 => name(counts.Keys.First()),
            _ => string.Join(", ", counts.Select(kv => $"{name(kv.Key)} x{kv.Value}")),
        };

    private static object ToJson(DatasetFolderSummary s) => new
    {
        dataset = s.RelativePath,
        name = s.Marker?.Name,
        audioFiles = s.AudioFiles,
        otherFiles = s.OtherFiles,
        durationSeconds = Math.Round(s.TotalDuration.TotalSeconds, 3),
        sampleRates = s.SampleRates.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
        channels = s.Channels.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
        formats = s.Formats,
        unreadable = s.Unreadable,
    };

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
