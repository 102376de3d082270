using System.CommandLine;
using NeuralAudio.Cli.Commands.Datasets;
using Spectre.Console;

namespace NeuralAudio.Datasets.Tests.Infrastructure;

/// <summary>Runs <c>neuralaudio datasets ...</c> in-process with captured output and a fake environment.</summary>
public sealed class CliHarness
{
    public Dictionary<string, string> Environment { get; } = [];

    public async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        var context = new DatasetsCommandContext
        {
            Console = console,
            Error = error,
            Environment = name => Environment.GetValueOrDefault(name),
            LiveProgress = false,
            HandleSignals = false,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
        var root = new RootCommand("test") { DatasetsCommand.Create(context) };
        int exit = await root.Parse(["datasets", .. args]).InvokeAsync();
        return (exit, output.ToString(), error.ToString());
    }
}
