using System.Diagnostics;
using NeuralAudio.Training.Codec;

namespace NeuralAudio.Training.Evaluation;

/// <summary>
/// Runs a codec and the Opus 6 kbps baseline over clips and measures everything the report shows. Timings cover only
/// the codec's encoder (with quantizer) and decoder, after one warm-up pass.
/// </summary>
public static class CodecEvaluator
{
    /// <summary>Evaluates <paramref name="clips"/> (mono, at the codec's rate) with <paramref name="numQuantizers"/> stages.</summary>
    public static EvaluationReport Evaluate(CodecInference codec, string checkpoint, IReadOnlyList<(string Name, float[] Samples)> clips,
        int numQuantizers, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0) throw new ArgumentException("no clips to evaluate", nameof(clips));
        int rate = codec.SampleRate;
        codec.Decode(codec.Encode(clips[0].Samples.AsSpan(0, Math.Min(clips[0].Samples.Length, rate)), numQuantizers)); // warm-up (JIT, allocator)

        var results = new List<EvaluatedClip>();
        for (int i = 0; i < clips.Count; i++)
        {
            var (name, samples) = clips[i];
            progress?.Invoke($"[{i + 1}/{clips.Count}] {name}");
            var clock = Stopwatch.StartNew();
            var codes = codec.Encode(samples, numQuantizers);
            double encode = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var decoded = codec.Decode(codes);
            double decode = clock.Elapsed.TotalSeconds;
            var reconstructed = decoded.AsSpan(0, samples.Length).ToArray();
            var (opus, opusBitrate) = OpusBaseline.Run(samples, rate);

            var originalDb = ReportPlots.SpectrogramDb(samples);
            var reconstructedDb = ReportPlots.SpectrogramDb(reconstructed);
            double maxDb = originalDb.SelectMany(f => f).DefaultIfEmpty(0).Max();
            results.Add(new EvaluatedClip
            {
                Name = name,
                DurationSeconds = samples.Length / (double)rate,
                Codec = ClipMetrics.Measure(samples, reconstructed, rate),
                Opus = ClipMetrics.Measure(samples, opus, rate),
                OpusBitrateBps = opusBitrate,
                EncodeSeconds = encode,
                DecodeSeconds = decode,
                OriginalSpectrogram = ReportPlots.SpectrogramPng(originalDb, maxDb),
                ReconstructedSpectrogram = ReportPlots.SpectrogramPng(reconstructedDb, maxDb),
                DifferenceSpectrogram = ReportPlots.DifferencePng(originalDb, reconstructedDb),
                Waveform = ReportPlots.WaveformPng(samples, reconstructed),
                OriginalWav = WavBytes.Mono16(samples, rate),
                ReconstructedWav = WavBytes.Mono16(reconstructed, rate),
                OpusWav = WavBytes.Mono16(opus, rate),
            });
        }
        double frameRate = rate / (double)codec.HopSamples;
        return new EvaluationReport
        {
            Model = codec.Variant.FullName,
            Checkpoint = checkpoint,
            StructureHash = codec.Variant.StructureHash,
            SampleRate = rate,
            NumQuantizers = numQuantizers,
            TotalQuantizers = codec.NumQuantizers,
            CodebookSize = codec.CodebookSize,
            FrameRateHz = frameRate,
            BitrateBps = numQuantizers * BitPacking.BitsFor(codec.CodebookSize) * frameRate,
            Clips = results,
        };
    }
}
