using System.CommandLine;
using System.Globalization;
using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.Models;
using NeuralAudio.Training.Codec;

namespace NeuralAudio.Cli.Commands.Bench;

/// <summary>
/// <c>neuralaudio bench train-codec</c>: CPU training throughput (steps/s and audio-seconds/s) of every TinyStream
/// config and SoundStream C=16, for reconstruction-only steps (discriminator warm-up) and full GAN steps.
/// </summary>
public static class BenchTrainCodecCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var defaults = new CodecTrainingOptions();
        var batch = new Option<int>("--batch-size") { Description = "Examples per step.", DefaultValueFactory = _ => defaults.BatchSize };
        var length = new Option<double>("--audio-length") { Description = "Seconds per example.", DefaultValueFactory = _ => 1.0 };
        var steps = new Option<int>("--steps") { Description = "Timed steps per model and phase (after one untimed step).", DefaultValueFactory = _ => 3 };
        var discWidth = new Option<double>("--disc-width") { Description = "Discriminator channel scale.", DefaultValueFactory = _ => defaults.DiscriminatorWidth };
        var models = new Option<string[]>("--models") { Description = "model/variant list (default: every TinyStream config and soundstream/tiny, C=16).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("train-codec", "Codec training throughput on CPU: steps/s and audio-seconds/s per model.");
        foreach (var o in new Option[] { batch, length, steps, discWidth, models }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var e = parse.InvocationConfiguration.Error;
            try
            {
                var options = new CodecTrainingOptions
                {
                    BatchSize = parse.GetValue(batch), AudioLengthSeconds = parse.GetValue(length), DiscriminatorWidth = parse.GetValue(discWidth),
                };
                options.Validate();
                int timed = parse.GetValue(steps);
                if (timed < 1) throw new ArgumentException("--steps must be at least 1");
                var names = parse.GetValue(models) is { Length: > 0 } given ? given
                    : ModelCatalog.Of("tinystream").Select(v => v.FullName).Append("soundstream/tiny").ToArray();
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"codec training throughput on CPU ({Environment.ProcessorCount} cores, torch threads {TorchSharp.torch.get_num_threads()}), batch {options.BatchSize} x {options.AudioLengthSeconds:0.##} s, disc width {options.DiscriminatorWidth}, {timed} timed step(s) after 1 untimed"));
                o.WriteLine($"{"model",-24} {"params",10} {"rec-only steps/s",17} {"audio-s/s",10} {"GAN steps/s",12} {"audio-s/s",10}");
                foreach (var name in names)
                {
                    var parts = name.Split('/');
                    if (parts.Length != 2) throw new ArgumentException($"--models: '{name}' is not model/variant");
                    var variant = ModelCatalog.Get(parts[0], parts[1]);
                    var cost = CostModel.Analyze(variant.BuildGraph());
                    var (rec, gan) = CodecTrainingBenchmark.Measure(variant, options, 1, timed);
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{variant.FullName,-24} {cost.Parameters,10:N0} {rec.StepsPerSecond,17:0.000} {rec.AudioSecondsPerSecond,10:0.00} {gan.StepsPerSecond,12:0.000} {gan.AudioSecondsPerSecond,10:0.00}"));
                    o.Flush();
                }
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
            {
                e.WriteLine("error: " + ex.Message);
                return 1;
            }
        });
        return command;
    }
}
