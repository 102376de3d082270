using System.CommandLine;

namespace NeuralAudio.Cli.Commands.Train;

/// <summary><c>neuralaudio train codec|classifier</c>: the training workflows, one subcommand each.</summary>
public static class TrainCommand
{
    /// <summary>The <c>train</c> parent command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("train", "Train a model on your own audio (codec or classifier).");
        // Subcommands register here, one line each.
        command.Subcommands.Add(TrainClassifierCommand.Create());
        command.Subcommands.Add(TrainCodecCommand.Create());
        return command;
    }
}
