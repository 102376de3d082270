using System.CommandLine;

namespace NeuralAudio.Cli.Commands.Test;

/// <summary><c>neuralaudio test</c>: measure a trained model on held-out data.</summary>
public static class TestCommand
{
    /// <summary>The <c>test</c> parent command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("test", "Measure a trained model on held-out data (float and int8).");
        command.Subcommands.Add(TestClassifierCommand.Create());
        return command;
    }
}
