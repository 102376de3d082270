using System.CommandLine;

namespace NeuralAudio.Cli.Commands.Datasets;

/// <summary><c>neuralaudio datasets</c>: download, Xeno-canto and list.</summary>
public static class DatasetsCommand
{
    /// <summary>Builds the command; <paramref name="context"/> replaces console, environment and HTTP in tests.</summary>
    public static Command Create(DatasetsCommandContext? context = null)
    {
        if (context is null)
        {
            context = new DatasetsCommandContext();
            if (System.Console.IsOutputRedirected) context.Console.Profile.Width = 1000; // whole lines in logs and pipes
        }
        var command = new Command("datasets", "Download, fetch and inspect training datasets (ESC-50, LibriSpeech, Xeno-canto).");
        command.Subcommands.Add(DownloadCommand.Create(context));
        command.Subcommands.Add(XenoCantoCommand.Create(context));
        command.Subcommands.Add(ListCommand.Create(context));
        return command;
    }
}
