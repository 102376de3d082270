using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Export.Onnx;
using static TorchSharp.torch;

namespace NeuralAudio.Cli.Commands.Bench;

/// <summary>What <see cref="InferenceBench"/> measures and how long.</summary>
/// <param name="Models">model/variant names.</param>
/// <param name="ClipSeconds">Encoders: seconds of audio for the whole-clip figure (classifiers use their window).</param>
/// <param name="Repeats">Timed repeats of each whole-clip run; the best counts.</param>
/// <param name="MaxHops">Most streaming calls timed per engine.</param>
/// <param name="Seed">Seed of the float weights (SeededModel) and of the audio.</param>
/// <param name="HostDir">targets/host, or null to skip the C engine.</param>
/// <param name="WorkDir">Where the C weights and the na_bench build go.</param>
internal sealed record InferenceBenchOptions(IReadOnlyList<string> Models, double ClipSeconds, int Repeats, int MaxHops, int Seed, string? HostDir, string WorkDir);

/// <summary>
/// Runs every graph on four engines with the same weights and the same audio, single-threaded: the generated C int8
/// (na_bench, -O3), the generated C# int8 class, TorchSharp float and ONNX Runtime float on the exported model. The
/// int8 weights are the seeded float weights quantised (calibrated on synthetic audio) exactly as `export` does.
/// </summary>
internal sealed class InferenceBench(InferenceBenchOptions options, TextWriter progress)
{
    public const string C = "c-int8", CSharp = "csharp-int8", Torch = "torchsharp-float", Ort = "onnxruntime-float";

    private sealed record Prepared(ModelVariant Variant, Graph Graph, DeployGraph Deploy, QuantizedModel Int8, NeuralModule Module, byte[] Onnx,
        float[] Audio, short[] Pcm, int Hop, int Context, long Arena, long Bound, string PcmFile);

    public BenchReport Run()
    {
        var started = DateTime.UtcNow;
        set_num_threads(1);
        Directory.CreateDirectory(options.WorkDir);
        var prepared = new List<Prepared>();
        try
        {
            foreach (var name in options.Models) prepared.Add(Prepare(name));
            NaBenchRunner? native = null;
            string? nativeError = "no targets/host folder (run from the repository or pass --host-dir)";
            if (options.HostDir != null)
                (native, nativeError) = NaBenchRunner.Build(options.HostDir, options.WorkDir, prepared.Select(p => (p.Deploy, p.Int8)), progress);
            var graphs = new List<GraphBench>();
            foreach (var p in prepared)
            {
                progress.WriteLine($"  {p.Variant.FullName}");
                var engines = new List<EngineFigures>
                {
                    native != null ? MeasureC(native, p) : EngineFigures.Missing(C, nativeError!),
                    MeasureCSharp(p),
                    MeasureTorch(p),
                    MeasureOrt(p),
                };
                var cHash = engines[0].OutputHash;
                var csHash = engines[1].OutputHash;
                bool? agree = cHash != null && csHash != null ? cHash == csHash : null;
                bool encoder = p.Deploy.Streaming;
                graphs.Add(new GraphBench(p.Variant.FullName, encoder ? "encoder" : "classifier", Seconds(p, p.Audio.Length),
                    encoder ? p.Hop : 0, encoder ? p.Context : 0, p.Arena, p.Bound, agree, engines));
            }
            return new BenchReport(Machine(), Settings(), started, graphs);
        }
        finally
        {
            foreach (var p in prepared) p.Module.Dispose();
        }
    }

    private Prepared Prepare(string name)
    {
        var parts = name.Split('/');
        if (parts.Length != 2) throw new ArgumentException($"'{name}' is not model/variant");
        var variant = ModelCatalog.Get(parts[0], parts[1]);
        progress.WriteLine($"  preparing {variant.FullName}: seeded weights, int8 quantisation, ONNX export");
        var graph = variant.BuildGraph();
        var deploy = Lowering.Lower(graph);
        var plan = DeployMemoryPlan.Plan(deploy);
        var cost = CostModel.Analyze(graph);
        var module = SeededModel.Create(variant, options.Seed);
        var int8 = Exporter.Quantize(variant, module, new ExportOptions { CalibrationClips = 4, CalibrationSeed = options.Seed }).Model;
        var onnx = OnnxExporter.ToBytes(variant, module, "seed " + options.Seed.ToString(CultureInfo.InvariantCulture));
        int hop = deploy.Streaming ? cost.HopSamples : deploy.StepInputSamples;
        int length = deploy.Streaming
            ? Math.Max(1, (int)Math.Round(options.ClipSeconds * graph.SampleRate / hop)) * hop
            : deploy.StepInputSamples;
        int context = deploy.Streaming ? (int)((cost.ReceptiveFieldSamples + hop - 1) / hop) * hop : length;
        // One PCM clip for every engine: the int8 ones read it, the float ones read it divided by 32768.
        var pcm = SyntheticAudio.ToPcm16(SyntheticAudio.Clips(1, length, graph.SampleRate, options.Seed + 1000)[0]);
        var audio = pcm.Select(v => v / 32768f).ToArray();
        var pcmFile = Path.Combine(options.WorkDir, deploy.Symbol + ".s16");
        File.WriteAllBytes(pcmFile, MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray());
        return new Prepared(variant, graph, deploy, int8, module, onnx, audio, pcm, hop, context, plan.ArenaBytes, plan.LowerBoundBytes, pcmFile);
    }

    private EngineFigures MeasureC(NaBenchRunner native, Prepared p)
    {
        var (json, error) = native.Measure(p.Variant.FullName, p.PcmFile, options.Repeats);
        if (json is not { } r) return EngineFigures.Missing(C, error!);
        long staticBytes = r.GetProperty("arena_bytes").GetInt64() + r.GetProperty("state_bytes").GetInt64() + r.GetProperty("weight_bytes").GetInt64();
        long peak = r.GetProperty("peak_rss_kib").GetInt64() * 1024;
        if (r.TryGetProperty("simd", out var simd)) cKernels = simd.GetString();
        if (p.Deploy.Streaming)
        {
            double whole = r.GetProperty("best_pass_ns").GetInt64() / 1e9;
            return new EngineFigures(C, true, whole, whole / Seconds(p, p.Pcm.Length), Ms(r, "hop_median_ns"), Ms(r, "hop_p95_ns"), "state",
                peak, staticBytes, null, r.GetProperty("codes_fnv1a").GetString(),
                "whole clip = one push of the clip (the generated C runs it hop by hop, its arena holds one hop); streaming gives the same codes");
        }
        double best = r.GetProperty("best_run_ns").GetInt64() / 1e9;
        return new EngineFigures(C, true, best, best / Seconds(p, p.Pcm.Length), null, null, null, peak, staticBytes, null,
            r.GetProperty("scores_fnv1a").GetString(), null);
    }

    private static double Ms(JsonElement r, string name) => r.GetProperty(name).GetInt64() / 1e6;

    private EngineFigures MeasureCSharp(Prepared p)
    {
        var instance = p.Variant.CreateInt8?.Invoke(p.Int8);
        if (instance == null) return EngineFigures.Missing(CSharp, "no generated int8 class for this variant");
        long staticBytes = p.Arena + p.Deploy.StateBytes + NeuralAudio.Runtime.Serialization.QuantizedModelSize.Bytes(p.Int8);
        var start = PeakMemory.Start();
        if (instance is IInt8Encoder encoder)
        {
            int frames = p.Pcm.Length / p.Hop;
            var codes = new ushort[frames * encoder.Quantizers];
            // Warm-up: hop-by-hop passes for at least 300 ms, so the tiered JIT has promoted the kernels to
            // optimised code before anything is timed.
            var warmUp = Stopwatch.StartNew();
            do
            {
                encoder.Reset();
                for (int f = 0; f < frames; f++)
                    encoder.Push(p.Pcm.AsSpan(f * p.Hop, p.Hop), codes.AsSpan(f * encoder.Quantizers, encoder.Quantizers));
            }
            while (warmUp.ElapsedMilliseconds < 300);
            encoder.Reset();
            var hops = new List<double>();
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int f = 0; f < frames; f++)
            {
                double t0 = ThreadClock.Now();
                encoder.Push(p.Pcm.AsSpan(f * p.Hop, p.Hop), codes.AsSpan(f * encoder.Quantizers, encoder.Quantizers));
                if (f < options.MaxHops) hops.Add((ThreadClock.Now() - t0) * 1e3);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var streamed = codes.ToArray();
            for (int warm = 0; warm < 2; warm++) { encoder.Reset(); encoder.Push(p.Pcm, codes); }
            double whole = Best(() => { encoder.Reset(); encoder.Push(p.Pcm, codes); });
            if (!streamed.AsSpan().SequenceEqual(codes)) throw new InvalidOperationException($"{p.Variant.FullName}: the C# int8 encoder gave other codes for the whole clip than hop by hop");
            return new EngineFigures(CSharp, true, whole, whole / Seconds(p, p.Pcm.Length), Median(hops), Percentile(hops, 0.95), "state",
                PeakMemory.Stop(start), staticBytes, allocated, Fnv1a(MemoryMarshal.AsBytes(codes.AsSpan())), null);
        }
        var classifier = (IInt8Classifier)instance;
        var scores = new sbyte[classifier.Classes];
        var warmClassifier = Stopwatch.StartNew();
        do classifier.Run(p.Pcm, scores); // tiered JIT: reach optimised code before timing
        while (warmClassifier.ElapsedMilliseconds < 300);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double best = Best(() => classifier.Run(p.Pcm, scores));
        long used = GC.GetAllocatedBytesForCurrentThread() - before;
        return new EngineFigures(CSharp, true, best, best / Seconds(p, p.Pcm.Length), null, null, null, PeakMemory.Stop(start), staticBytes, used,
            Fnv1a(MemoryMarshal.AsBytes(scores.AsSpan())), null);
    }

    private EngineFigures MeasureTorch(Prepared p)
    {
        var start = PeakMemory.Start();
        using var _ = no_grad();
        var shape = p.Graph.Input.Shape.Select(d => (long)d).Prepend(1L).ToArray();
        Func<float[], int, long> run;
        if (p.Module is ICodecModule codec)
            run = (data, length) =>
            {
                using var scope = NewDisposeScope();
                shape[^1] = length;
                var codes = codec.Quantizer.Encode(codec.Encode(tensor(data, shape)));
                return codes.shape[^1];
            };
        else
            run = (data, length) =>
            {
                using var scope = NewDisposeScope();
                return p.Module.forward(tensor(data, shape)).shape[^1];
            };
        run(p.Audio, p.Audio.Length);
        double whole = Best(() => run(p.Audio, p.Audio.Length));
        var (median, p95) = p.Deploy.Streaming ? StreamWindows(p, w => run(w, w.Length)) : (null, null);
        return new EngineFigures(Torch, true, whole, whole / Seconds(p, p.Audio.Length), median, p95,
            p.Deploy.Streaming ? $"window {p.Context}" : null, PeakMemory.Stop(start), null, null, null, null);
    }

    private EngineFigures MeasureOrt(Prepared p)
    {
        var start = PeakMemory.Start();
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        using var session = new InferenceSession(p.Onnx, sessionOptions);
        using var runOptions = new RunOptions();
        var inputNames = new[] { OnnxGraphBuilder.InputName };
        var outputNames = p.Deploy.Streaming ? new[] { OnnxGraphBuilder.CodesName } : new[] { OnnxGraphBuilder.ScoresName };
        var shape = p.Graph.Input.Shape.Select(d => (long)d).Prepend(1L).ToArray();
        long Run(float[] data)
        {
            shape[^1] = data.Length;
            using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
            using var outputs = session.Run(runOptions, inputNames, new[] { input }, outputNames);
            return outputs[0].GetTensorTypeAndShape().Shape[^1];
        }
        Run(p.Audio);
        double whole = Best(() => Run(p.Audio));
        var (median, p95) = p.Deploy.Streaming ? StreamWindows(p, w => Run(w)) : (null, null);
        return new EngineFigures(Ort, true, whole, whole / Seconds(p, p.Audio.Length), median, p95,
            p.Deploy.Streaming ? $"window {p.Context}" : null, PeakMemory.Stop(start), null, null, null, null);
    }

    /// <summary>
    /// Stateless streaming: for each hop (up to MaxHops), run the context window that ends with it (the receptive
    /// field rounded up to whole hops; the clip's start is zero-padded as the causal convs pad) and keep the last frame.
    /// </summary>
    private (double?, double?) StreamWindows(Prepared p, Func<float[], long> run)
    {
        var window = new float[p.Context];
        int frames = p.Audio.Length / p.Hop;
        var times = new List<double>();
        run(window);
        for (int f = 0; f < frames && times.Count < options.MaxHops; f++)
        {
            int end = (f + 1) * p.Hop, begin = end - p.Context;
            Array.Clear(window);
            int from = Math.Max(0, begin);
            Array.Copy(p.Audio, from, window, from - begin, end - from);
            double t0 = ThreadClock.Now();
            run(window);
            times.Add((ThreadClock.Now() - t0) * 1e3);
        }
        return (Median(times), Percentile(times, 0.95));
    }

    private double Best(Action action)
    {
        double best = double.MaxValue;
        for (int i = 0; i < options.Repeats; i++)
        {
            double t0 = ThreadClock.Now();
            action();
            best = Math.Min(best, ThreadClock.Now() - t0);
        }
        return best;
    }

    private static double Seconds(Prepared p, int samples) => samples / (double)p.Graph.SampleRate;

    private static double? Median(List<double> v) => Percentile(v, 0.5);

    private static double? Percentile(List<double> v, double q)
    {
        if (v.Count == 0) return null;
        var sorted = v.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
    }

    /// <summary>FNV-1a 64, as na_bench prints it.</summary>
    private static string Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong h = 1469598103934665603UL;
        foreach (var b in bytes) { h ^= b; h *= 1099511628211UL; }
        return h.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>na_bench's na_host_simd(): the kernels the C engine ran ("avx2+avx512vbmi", "avx2", "none").</summary>
    private string? cKernels;

    private string Settings() =>
        $"single thread per engine (torch.set_num_threads(1), ORT intra/inter-op 1, sequential); times are {(ThreadClock.UsesCpuTime ? "the calling thread's CPU time" : "wall clock")}; best of {options.Repeats} whole-clip runs; " +
        $"up to {options.MaxHops} streaming calls per engine; encoder clips {options.ClipSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s; " +
        $"weights SeededModel seed {options.Seed}, int8 calibrated on 4 synthetic clips; ONNX Runtime {OrtVersion()}; {RuntimeInformation.FrameworkDescription}" +
        (cKernels == null ? "" : $"; C int8 kernels: {(cKernels == "none" ? "portable C" : cKernels + " (host SIMD, bit-exact with the portable C)")}") +
        (IsDebugBuild ? "; NeuralAudio built in Debug (the C# int8 engine is several times slower than in Release: dotnet run -c Release)" : "");

    private static bool IsDebugBuild =>
        typeof(InferenceBench).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().Any(a => a.IsJITOptimizerDisabled);

    private static string OrtVersion() => typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "?";

    /// <summary>The CPU model (from /proc/cpuinfo where there is one), core count and OS.</summary>
    public static string Machine()
    {
        string cpu = RuntimeInformation.ProcessArchitecture.ToString();
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line != null) cpu = line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return $"{cpu}, {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}";
    }
}
