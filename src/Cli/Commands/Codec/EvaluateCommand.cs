using System.CommandLine;
using System.Globalization;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Codec;
using NeuralAudio.Training.Datasets.Download;
using NeuralAudio.Training.Evaluation;

namespace NeuralAudio.Cli.Commands.Codec;

/// <summary>
/// <c>neuralaudio evaluate</c>: runs a codec checkpoint and the Opus 6 kbps baseline over WAV clips and writes a
/// self-contained HTML report (metrics table, bitrate, real-time factors, spectrograms, waveforms, audio players).
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var checkpoint = CodecCommandSupport.CheckpointOption();
        var audioDir = new Option<string>("--audio-dir") { Description = "Folder of WAV clips (searched recursively, taken in name order).", Required = true };
        var numSamples = new Option<int>("--num-samples") { Description = "How many clips to evaluate.", DefaultValueFactory = _ => 4 };
        var report = new Option<string>("--report") { Description = "HTML report to write (self-contained; written only on success).", Required = true };
        var quantizers = CodecCommandSupport.NumQuantizersOption();
        var maxSeconds = new Option<double>("--max-seconds") { Description = "Longest part of each clip to evaluate, from its start (keeps the report small).", DefaultValueFactory = _ => 10 };
        var command = new Command("evaluate", "Measure a codec against Opus at 6 kbps (SI-SDR, MR-STFT, mel, LSD, STOI, real-time factor) and write an HTML report.");
        foreach (var option in new Option[] { checkpoint, audioDir, numSamples, report, quantizers, maxSeconds }) command.Options.Add(option);
        command.SetAction(parse => CodecCommandSupport.Run(parse, stdout =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            string dir = parse.GetRequiredValue(audioDir), reportPath = parse.GetRequiredValue(report), checkpointPath = parse.GetRequiredValue(checkpoint);
            int count = parse.GetValue(numSamples);
            double seconds = parse.GetValue(maxSeconds);
            if (count < 1) throw new ArgumentException("--num-samples must be at least 1");
            if (!(seconds > 0)) throw new ArgumentException("--max-seconds must be positive");
            if (!Directory.Exists(dir)) throw new ArgumentException($"audio folder {dir} does not exist");

            using var codec = CodecInference.Load(checkpointPath);
            int nq = CodecCommandSupport.ResolveQuantizers(codec, parse.GetValue(quantizers));
            var clips = ReadClips(dir, codec.SampleRate, count, (int)Math.Min(int.MaxValue, seconds * codec.SampleRate), stderr);
            stdout.WriteLine($"evaluating {codec.Variant.FullName} at {nq} of {codec.NumQuantizers} stages on {clips.Count} clip(s) from {dir}");
            var result = CodecEvaluator.Evaluate(codec, Path.GetFullPath(checkpointPath), clips, nq, line => stdout.WriteLine("  " + line));

            CodecCommandSupport.EnsureFolder(reportPath);
            string temp = AtomicFile.TempPathFor(reportPath);
            try
            {
                File.WriteAllText(temp, ReportHtml.Render(result));
                File.Move(temp, reportPath, overwrite: true);
            }
            catch
            {
                AtomicFile.TryDelete(temp);
                throw;
            }
            PrintSummary(stdout, result);
            stdout.WriteLine($"wrote {reportPath}");
            return 0;
        }));
        return command;
    }

    /// <summary>The first <paramref name="count"/> readable WAV clips (name order), mono at <paramref name="rate"/>, cut to <paramref name="maxSamples"/>.</summary>
    private static List<(string, float[])> ReadClips(string dir, int rate, int count, int maxSamples, TextWriter stderr)
    {
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        var clips = new List<(string, float[])>();
        int skipped = 0;
        foreach (var file in files)
        {
            if (clips.Count == count) break;
            try
            {
                var samples = WavAudio.ReadMono(file, rate);
                if (samples.Length < rate / 2) { stderr.WriteLine($"warning: skipping {file}: shorter than 0.5 s"); skipped++; continue; }
                clips.Add((Path.GetRelativePath(dir, file), samples.Length > maxSamples ? samples[..maxSamples] : samples));
            }
            catch (AudioFileException e)
            {
                stderr.WriteLine("warning: skipping " + e.Message);
                skipped++;
            }
        }
        if (clips.Count == 0)
            throw new ArgumentException($"audio folder {dir} holds no usable WAV clip ({files.Count} .wav file(s), {skipped} skipped)");
        return clips;
    }

    private static void PrintSummary(TextWriter o, EvaluationReport r)
    {
        string Cell(IEnumerable<double> v, int d)
        {
            var (mean, spread) = ReportHtml.MeanSpread(v);
            return (mean.ToString("F" + d, CultureInfo.InvariantCulture) + " ± " + spread.ToString("F" + d, CultureInfo.InvariantCulture)).PadLeft(16);
        }
        o.WriteLine($"{"",-22}{"bitrate",10}{"SI-SDR dB",16}{"MR-STFT",16}{"mel",16}{"LSD dB",16}{"STOI",16}");
        foreach (var (name, bitrate, pick) in new (string, double, Func<EvaluatedClip, ClipMetrics>)[]
                 { (r.Model, r.BitrateBps, c => c.Codec), ("opus 6 kbps", r.Clips.Average(c => c.OpusBitrateBps), c => c.Opus) })
        {
            var m = r.Clips.Select(pick).ToList();
            o.WriteLine($"{name,-22}{CodecCommandSupport.Kbps(bitrate),10}{Cell(m.Select(x => x.SiSdrDb), 2)}{Cell(m.Select(x => x.StftDistance), 3)}"
                + $"{Cell(m.Select(x => x.MelDistance), 3)}{Cell(m.Select(x => x.LogSpectralDistanceDb), 2)}{Cell(m.Select(x => x.Stoi), 3)}");
        }
        o.WriteLine($"real-time factor: encoder {r.EncoderRealTimeFactor.ToString("F1", CultureInfo.InvariantCulture)}×, decoder {r.DecoderRealTimeFactor.ToString("F1", CultureInfo.InvariantCulture)}×");
    }
}
