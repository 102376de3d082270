using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Codec;
using NeuralAudio.Training.Streaming;

namespace NeuralAudio.Cli.Commands;

/// <summary>
/// <c>neuralaudio receive</c>: the server side of the ESP32-S3 streaming encoder. Reads the device's code packets
/// (src/Runtime/c/stream/na_packet.h) from a serial port or a capture file, reports lost and corrupt packets, conceals
/// them (<see cref="CodeStreamAssembler"/>) and decodes through <see cref="CodecInference.Decode"/> (the same path as
/// <c>decode</c>) to a WAV of frames x hop samples.
/// </summary>
public static class ReceiveCommand
{
    /// <summary>Exit code for bad input: no packets, a mismatched checkpoint, an unreadable file or port.</summary>
    public const int Failed = 1;

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var port = new Option<string?>("--port") { Description = "Serial device of the board, e.g. /dev/ttyUSB0 or /dev/ttyACM0 (set up with stty)." };
        var file = new Option<string?>("--file") { Description = "A capture of the packet stream (e.g. `cat /dev/ttyUSB0 > capture.bin`)." };
        var baud = new Option<int>("--baud") { Description = "Serial baud rate (the firmware's CONFIG_NA_UART_BAUD).", DefaultValueFactory = _ => 921600 };
        var seconds = new Option<double?>("--seconds") { Description = "With --port: stop after this many seconds (default: until Ctrl+C or end of stream)." };
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint of the codec the device encodes with.", Required = true };
        var output = new Option<string>("--output") { Description = "WAV file to write (only when decoding succeeds).", Required = true };

        var command = new Command("receive", "Receive the ESP32-S3 encoder's code packets (serial port or capture file), conceal losses and decode them to WAV.");
        foreach (var option in new Option[] { port, file, baud, seconds, checkpoint, output })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            string? portPath = parse.GetValue(port), filePath = parse.GetValue(file);
            if ((portPath == null) == (filePath == null)) return Fail(stderr, "give exactly one of --port DEVICE or --file CAPTURE");
            string source = (portPath ?? filePath)!;
            string outputPath = parse.GetRequiredValue(output);
            try
            {
                using var codec = CodecInference.Load(parse.GetRequiredValue(checkpoint));
                var reader = new CodePacketReader();
                var assembler = new CodeStreamAssembler(codec.CodebookSize);
                void Take(IReadOnlyList<CodePacket> packets)
                {
                    foreach (var p in packets) assembler.Add(p);
                }

                if (filePath != null)
                {
                    if (!File.Exists(filePath)) return Fail(stderr, $"{filePath}: no such capture file");
                    Take(reader.Feed(File.ReadAllBytes(filePath)));
                }
                else
                {
                    ReadPort(portPath!, parse.GetValue(baud), parse.GetValue(seconds), chunk => Take(reader.Feed(chunk)), stdout);
                }
                Take(reader.Finish());

                if (assembler.ReceivedFrames == 0)
                    return Fail(stderr, $"{source}: no valid code packet in {reader.TotalBytes} bytes ({reader.CorruptPackets} corrupt, {assembler.InvalidPackets} invalid for {codec.Variant.FullName})");
                if (assembler.Quantizers > codec.NumQuantizers)
                    return Fail(stderr, $"{source}: packets carry {assembler.Quantizers} codes per frame but {codec.Variant.FullName} has {codec.NumQuantizers} quantizers; wrong checkpoint?");

                var audio = codec.Decode(assembler.Codes());
                WriteAtomically(outputPath, audio, codec.SampleRate);
                Report(stdout, source, reader, assembler, codec, audio.Length, outputPath);
                return 0;
            }
            catch (Exception e) when (e is CheckpointException or AudioFileException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                return Fail(stderr, e.Message);
            }
        });
        return command;
    }

    private static void Report(TextWriter o, string source, CodePacketReader reader, CodeStreamAssembler a, CodecInference codec, int samples, string output)
    {
        string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        o.WriteLine(I($"received {source}: {reader.TotalBytes} bytes, {a.Packets} packets, {a.ReceivedFrames} frames of {a.Quantizers} codes"));
        string gaps = string.Join(", ", a.Gaps.Take(10).Select(g => g.Frames == 1 ? I($"{g.Start}") : I($"{g.Start}-{g.Start + g.Frames - 1}")));
        if (a.Gaps.Count > 10) gaps += ", ...";
        o.WriteLine(a.LostFrames == 0
            ? "  lost         0 frames"
            : I($"  lost         {a.LostFrames} frames in {a.Gaps.Count} gaps (frames {gaps}), concealed by repeating the previous frame's codes"));
        o.WriteLine(I($"  corrupt      {reader.CorruptPackets} packets (CRC or header), {reader.SkippedBytes} bytes skipped"));
        o.WriteLine(I($"  duplicates   {a.DuplicatePackets}, invalid {a.InvalidPackets}, restarts {a.Restarts}"));
        o.WriteLine(I($"wrote {output}: {a.TotalFrames} frames x {codec.HopSamples} = {samples} samples at {codec.SampleRate} Hz ({samples / (double)codec.SampleRate:0.00} s, {codec.Variant.FullName})"));
    }

    private static void WriteAtomically(string path, float[] audio, int sampleRate)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            WavAudio.WriteMono16(temp, audio, sampleRate);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Raw mode with stty, then the tty read as a file (System.IO.Ports is not in the package mirror).</summary>
    private static void ReadPort(string device, int baud, double? seconds, Action<ReadOnlySpan<byte>> take, TextWriter stdout)
    {
        if (!File.Exists(device)) throw new IOException($"{device}: no such serial device");
        var stty = new ProcessStartInfo("stty") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-F", device, baud.ToString(CultureInfo.InvariantCulture), "raw", "-echo", "-hupcl", "min", "0", "time", "2" })
            stty.ArgumentList.Add(a);
        using (var p = Process.Start(stty) ?? throw new IOException("cannot run stty"))
        {
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new IOException($"{device}: stty failed: {err.Trim()}");
        }
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += stop;
        try
        {
            stdout.WriteLine($"receiving from {device} at {baud} baud; Ctrl+C stops and decodes");
            var clock = Stopwatch.StartNew();
            using var stream = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: false);
            var buffer = new byte[4096];
            while (!cancel.IsCancellationRequested && (seconds is not { } s || clock.Elapsed.TotalSeconds < s))
            {
                int n;
                try
                {
                    n = stream.Read(buffer, 0, buffer.Length); // returns after 0.2 s without data (stty time 2)
                }
                catch (IOException e)
                {
                    // The board was unplugged or reset (EIO): decode what arrived.
                    stdout.WriteLine($"{device}: {e.Message.Trim()}; stopped reading");
                    break;
                }
                if (n > 0) take(buffer.AsSpan(0, n));
            }
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        return Failed;
    }
}
