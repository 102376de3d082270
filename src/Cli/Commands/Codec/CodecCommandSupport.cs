using System.CommandLine;
using System.Globalization;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Codec;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Cli.Commands.Codec;

/// <summary>What infer, encode, decode and evaluate share: options, audio input at the codec rate, atomic WAV output, errors.</summary>
internal static class CodecCommandSupport
{
    public static Option<string> CheckpointOption() =>
        new("--checkpoint") { Description = "Codec checkpoint (section \"model\" = generator weights).", Required = true };

    public static Option<int?> NumQuantizersOption() =>
        new("--num-quantizers") { Description = "RVQ stages to use (1..Nq; default: all). Fewer stages = lower bitrate." };

    /// <summary>The stage count asked for, or all the codec has; throws <see cref="ArgumentException"/> when out of range.</summary>
    public static int ResolveQuantizers(CodecInference codec, int? requested)
    {
        int nq = requested ?? codec.NumQuantizers;
        if (nq < 1 || nq > codec.NumQuantizers)
            throw new ArgumentException($"--num-quantizers {nq} is out of range: {codec.Variant.FullName} has 1..{codec.NumQuantizers} stages");
        return nq;
    }

    /// <summary>Mono samples of <paramref name="path"/> at the codec's rate (resampled when the file is at another rate).</summary>
    public static float[] ReadInput(string path, CodecInference codec, TextWriter stdout)
    {
        var (samples, rate) = WavAudio.ReadMonoNative(path);
        if (samples.Length == 0) throw new AudioFileException(path, $"audio file {path} holds no samples");
        if (rate == codec.SampleRate) return samples;
        stdout.WriteLine($"resampling {path} from {rate} Hz to {codec.SampleRate} Hz");
        return WavAudio.Resample(samples, rate, codec.SampleRate);
    }

    /// <summary>Writes a 16-bit mono WAV atomically: a temp file beside <paramref name="path"/>, renamed into place.</summary>
    public static void WriteWavAtomically(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        EnsureFolder(path);
        string temp = AtomicFile.TempPathFor(path);
        try
        {
            WavAudio.WriteMono16(temp, samples, sampleRate);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    /// <summary>Creates the folder an output file goes into.</summary>
    public static void EnsureFolder(string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }

    /// <summary>Runs <paramref name="body"/>, turning the expected failures into one "error: ..." line and exit code 1.</summary>
    public static int Run(ParseResult parse, Func<TextWriter, int> body)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            return body(stdout);
        }
        catch (Exception e) when (e is CheckpointException or AudioFileException or CodeStreamException
            or IOException or UnauthorizedAccessException or ArgumentException or KeyNotFoundException)
        {
            stderr.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    public static string Seconds(double s) => s.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    public static string Kbps(double bps) => (bps / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " kbps";
}
