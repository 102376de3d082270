using System.CommandLine;

namespace NeuralAudio.Cli.Commands.Bench;

/// <summary><c>neuralaudio bench</c>: benchmark commands that print figures (never timed assertions in tests).</summary>
public static class BenchCommand
{
    /// <summary>The <c>bench</c> parent command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed and memory: inference engines, training throughput.");
        // Subcommands register here, one line each.
        command.Subcommands.Add(InferenceBenchCommand.Create());
        InferenceBenchCommand.Configure(command); // plain `bench` runs the inference benchmark
        command.Subcommands.Add(BenchTrainClassifierCommand.Create());
        command.Subcommands.Add(BenchTrainCodecCommand.Create());
        return command;
    }
}
