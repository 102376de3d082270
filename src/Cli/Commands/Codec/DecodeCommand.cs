using System.CommandLine;
using NeuralAudio.Training.Codec;

namespace NeuralAudio.Cli.Commands.Codec;

/// <summary><c>neuralaudio decode</c>: a code stream file back to a WAV file (the server side of the ESP32 path).</summary>
public static class DecodeCommand
{
    public static Command Create()
    {
        var checkpoint = CodecCommandSupport.CheckpointOption();
        var input = new Option<string>("--input") { Description = "Code stream file written by encode (or received from a device).", Required = true };
        var output = new Option<string>("--output") { Description = "Decoded 16-bit mono WAV at the codec's rate (written only on success).", Required = true };
        var command = new Command("decode", "Decode a code stream file to WAV; a stream made by another model or structure is refused.");
        foreach (var option in new Option[] { checkpoint, input, output }) command.Options.Add(option);
        command.SetAction(parse => CodecCommandSupport.Run(parse, stdout =>
        {
            string inputPath = parse.GetRequiredValue(input), outputPath = parse.GetRequiredValue(output);
            var stream = CodeStreamReader.ReadFile(inputPath); // validate the file before loading the model
            using var codec = CodecInference.Load(parse.GetRequiredValue(checkpoint));
            var audio = CodeStreamCodec.Decode(codec, stream, inputPath);
            CodecCommandSupport.WriteWavAtomically(outputPath, audio, codec.SampleRate);
            stdout.WriteLine($"{stream.FullName}: {stream.FrameCount} frames × {stream.NumQuantizers} stages ({CodecCommandSupport.Kbps(stream.BitrateBps)}) → {CodecCommandSupport.Seconds(audio.Length / (double)codec.SampleRate)} of audio");
            stdout.WriteLine($"wrote {outputPath}");
            return 0;
        }));
        return command;
    }
}
