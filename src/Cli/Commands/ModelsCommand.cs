using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NeuralAudio.Models;
using Spectre.Console;

namespace NeuralAudio.Cli.Commands;

/// <summary><c>neuralaudio models</c>: every declared variant with its size, work and timing figures.</summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON instead of a table." };
        var markdown = new Option<bool>("--markdown") { Description = "Print a Markdown table (as used in the README)." };
        var command = new Command("models", "List every model variant with parameters, bytes, MACs, frame rate, bitrate and latency.");
        command.Options.Add(json);
        command.Options.Add(markdown);
        command.SetAction(parse =>
        {
            var rows = ModelCatalog.All.Select(ModelSummary.From).ToList();
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(rows, JsonOptions));
            else if (parse.GetValue(markdown))
                Console.Out.Write(ToMarkdown(rows));
            else
                AnsiConsole.Write(ToTable(rows));
            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    private static readonly string[] Headers =
    {
        "model", "variant", "params enc / total", "fp32", "MACs", "frame rate", "bitrate", "latency",
        "flash (int8)", "arena / bound", "state", "published",
    };

    private static string[] Cells(ModelSummary r) => new[]
    {
        r.Model,
        r.Variant,
        r.EncoderParameters > 0 ? $"{Units.Count(r.EncoderParameters)} / {Units.Count(r.Parameters)}" : Units.Count(r.Parameters),
        Units.Bytes(r.Fp32Bytes),
        r.FrameRateHz > 0 ? Units.Count(r.DeployedMacsPerSecond) + "/s" : Units.Count(r.MacsPerInference),
        r.FrameRateHz > 0 ? r.FrameRateHz.ToString("0.##", CultureInfo.InvariantCulture) + " Hz" : "-",
        r.BitrateBps > 0 ? (r.BitrateBps / 1000).ToString("0.###", CultureInfo.InvariantCulture) + " kbps" : "-",
        r.AlgorithmicLatencyMs.ToString("0.##", CultureInfo.InvariantCulture) + " ms",
        Units.Bytes(r.FlashWeightBytes),
        $"{Units.Bytes(r.ArenaBytes)} / {Units.Bytes(r.ArenaLowerBoundBytes)}",
        Units.Bytes(r.StateBytes),
        r.Published ?? "",
    };

    private static Table ToTable(IReadOnlyList<ModelSummary> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in Headers) table.AddColumn(h);
        foreach (var r in rows) table.AddRow(Cells(r).Select(Markup.Escape).ToArray());
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240; // keep rows whole in logs and pipes
        return table;
    }

    private static string ToMarkdown(IReadOnlyList<ModelSummary> rows)
    {
        var lines = new List<string>
        {
            "| " + string.Join(" | ", Headers) + " |",
            "|" + string.Concat(Headers.Select(_ => "---|")),
        };
        lines.AddRange(rows.Select(r => "| " + string.Join(" | ", Cells(r)) + " |"));
        return string.Join("\n", lines) + "\n";
    }
}
