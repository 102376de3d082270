using System.CommandLine;
using System.Globalization;
using NeuralAudio.Training.Codec;

namespace NeuralAudio.Cli.Commands.Codec;

/// <summary><c>neuralaudio encode</c>: a WAV file to a compact code stream file (docs/code-stream.md).</summary>
public static class EncodeCommand
{
    public static Command Create()
    {
        var checkpoint = CodecCommandSupport.CheckpointOption();
        var input = new Option<string>("--input") { Description = "WAV file to compress (any rate; resampled to the codec's).", Required = true };
        var output = new Option<string>("--output") { Description = "Code stream file to write, e.g. codes.nac (written only on success).", Required = true };
        var quantizers = CodecCommandSupport.NumQuantizersOption();
        var command = new Command("encode", "Compress a WAV file to a code stream: a header, then bit-packed codes at ceil(log2 codebook) bits each.");
        foreach (var option in new Option[] { checkpoint, input, output, quantizers }) command.Options.Add(option);
        command.SetAction(parse => CodecCommandSupport.Run(parse, stdout =>
        {
            using var codec = CodecInference.Load(parse.GetRequiredValue(checkpoint));
            int nq = CodecCommandSupport.ResolveQuantizers(codec, parse.GetValue(quantizers));
            string inputPath = parse.GetRequiredValue(input), outputPath = parse.GetRequiredValue(output);
            var samples = CodecCommandSupport.ReadInput(inputPath, codec, stdout);
            var stream = CodeStreamCodec.Encode(codec, samples, nq);
            CodecCommandSupport.EnsureFolder(outputPath);
            CodeStreamWriter.WriteFile(outputPath, stream);
            long bytes = new FileInfo(outputPath).Length;
            stdout.WriteLine($"{codec.Variant.FullName}: {stream.FrameCount} frames × {nq} stages × {stream.BitsPerCode} bits ({CodecCommandSupport.Kbps(stream.BitrateBps)})");
            stdout.WriteLine($"wrote {outputPath} ({bytes.ToString(CultureInfo.InvariantCulture)} bytes for {CodecCommandSupport.Seconds(samples.Length / (double)codec.SampleRate)} of audio)");
            return 0;
        }));
        return command;
    }
}
