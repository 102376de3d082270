using System.CommandLine;
using NeuralAudio.Cli.Commands;

var root = new RootCommand("NeuralAudio: a model compiler for neural audio on microcontrollers.");
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(NeuralAudio.Cli.Commands.Datasets.DatasetsCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(CodegenCommand.Create());
root.Subcommands.Add(EmulateCommand.Create());
root.Subcommands.Add(ReceiveCommand.Create());
root.Subcommands.Add(NeuralAudio.Cli.Commands.Train.TrainCommand.Create());
root.Subcommands.Add(NeuralAudio.Cli.Commands.Bench.BenchCommand.Create());
root.Subcommands.Add(NeuralAudio.Cli.Commands.Codec.InferCommand.Create());
root.Subcommands.Add(NeuralAudio.Cli.Commands.Codec.EncodeCommand.Create());
root.Subcommands.Add(NeuralAudio.Cli.Commands.Codec.DecodeCommand.Create());
root.Subcommands.Add(NeuralAudio.Cli.Commands.Codec.EvaluateCommand.Create());
root.Subcommands.Add(NeuralAudio.Cli.Commands.Test.TestCommand.Create());
return root.Parse(args).Invoke();
