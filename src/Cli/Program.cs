using System.CommandLine;
using NeuralAudio.Cli.Commands;

var root = new RootCommand("NeuralAudio: a model compiler for neural audio on microcontrollers.");
root.Subcommands.Add(ModelsCommand.Create());
return root.Parse(args).Invoke();
