using System.CommandLine;
using NeuralAudio.Training.Codec;

namespace NeuralAudio.Cli.Commands.Codec;

/// <summary><c>neuralaudio infer</c>: encode and decode a WAV file through a codec checkpoint (what the listener hears).</summary>
public static class InferCommand
{
    public static Command Create()
    {
        var checkpoint = CodecCommandSupport.CheckpointOption();
        var input = new Option<string>("--input") { Description = "WAV file to compress (any rate; resampled to the codec's).", Required = true };
        var output = new Option<string>("--output") { Description = "Reconstructed 16-bit mono WAV at the codec's rate (written only on success).", Required = true };
        var quantizers = CodecCommandSupport.NumQuantizersOption();
        var command = new Command("infer", "Encode and decode a WAV file with a codec checkpoint, at a chosen number of RVQ stages.");
        foreach (var option in new Option[] { checkpoint, input, output, quantizers }) command.Options.Add(option);
        command.SetAction(parse => CodecCommandSupport.Run(parse, stdout =>
        {
            using var codec = CodecInference.Load(parse.GetRequiredValue(checkpoint));
            int nq = CodecCommandSupport.ResolveQuantizers(codec, parse.GetValue(quantizers));
            string inputPath = parse.GetRequiredValue(input), outputPath = parse.GetRequiredValue(output);
            var samples = CodecCommandSupport.ReadInput(inputPath, codec, stdout);
            var reconstructed = codec.Reconstruct(samples, nq);
            CodecCommandSupport.WriteWavAtomically(outputPath, reconstructed, codec.SampleRate);
            double bitrate = (double)nq * BitPacking.BitsFor(codec.CodebookSize) * codec.SampleRate / codec.HopSamples;
            stdout.WriteLine($"{codec.Variant.FullName}: {CodecCommandSupport.Seconds(samples.Length / (double)codec.SampleRate)} of audio at {nq} of {codec.NumQuantizers} stages ({CodecCommandSupport.Kbps(bitrate)})");
            stdout.WriteLine($"wrote {outputPath}");
            return 0;
        }));
        return command;
    }
}
