using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuralAudio.Cli.Commands.Bench;

/// <summary>One engine's figures for one graph; null where the engine cannot give the figure.</summary>
/// <param name="Engine">c-int8, csharp-int8, torchsharp-float, onnxruntime-float.</param>
/// <param name="Available">False when the engine could not run (see <paramref name="Note"/>).</param>
/// <param name="WholeSeconds">Best time for the whole clip (encoders) or one window (classifiers).</param>
/// <param name="RealTimeFactor">WholeSeconds per second of audio.</param>
/// <param name="HopMedianMs">Encoders: median latency of one streaming call that yields one frame.</param>
/// <param name="HopP95Ms">Encoders: 95th percentile of the same.</param>
/// <param name="Streaming">How the engine streams: <c>state</c> (push API) or <c>window W</c> (whole context window per hop).</param>
/// <param name="PeakBytes">Peak memory: the RSS the run added (in-process engines) or the process's peak RSS (na_bench).</param>
/// <param name="StaticBytes">int8 engines: arena + state + weight tables (what a device holds).</param>
/// <param name="AllocatedBytes">C#: managed bytes allocated during the timed calls.</param>
/// <param name="OutputHash">FNV-1a of the int8 outputs (codes or scores), to check C and C# agree.</param>
/// <param name="Note">Anything the reader must know (why unavailable, the streaming method).</param>
public sealed record EngineFigures(
    string Engine, bool Available, double? WholeSeconds, double? RealTimeFactor, double? HopMedianMs, double? HopP95Ms,
    string? Streaming, long? PeakBytes, long? StaticBytes, long? AllocatedBytes, string? OutputHash, string? Note)
{
    /// <summary>An engine that could not run.</summary>
    public static EngineFigures Missing(string engine, string why) =>
        new(engine, false, null, null, null, null, null, null, null, null, null, why);
}

/// <summary>One graph: its sizes and every engine's figures.</summary>
/// <param name="Model">model/variant.</param>
/// <param name="Kind">encoder or classifier.</param>
/// <param name="AudioSeconds">Length of the audio the whole-clip figure covers.</param>
/// <param name="HopSamples">Encoders: hop.</param>
/// <param name="ContextSamples">Encoders: the window stateless engines run per hop (receptive field rounded up to hops).</param>
/// <param name="ArenaBytes">Planned int8 arena.</param>
/// <param name="LowerBoundBytes">Largest live sum of activations at any step of the execution order.</param>
/// <param name="Int8Agree">C and C# int8 outputs hash the same (null when the C engine did not run).</param>
/// <param name="Engines">Figures per engine.</param>
public sealed record GraphBench(
    string Model, string Kind, double AudioSeconds, int HopSamples, int ContextSamples, long ArenaBytes, long LowerBoundBytes,
    bool? Int8Agree, IReadOnlyList<EngineFigures> Engines)
{
    /// <summary>The engine named <paramref name="engine"/> when it ran.</summary>
    public EngineFigures? Get(string engine) => Engines.FirstOrDefault(e => e.Engine == engine && e.Available);
}

/// <summary>The whole run: machine, settings, graphs; printed as markdown and written as JSON.</summary>
public sealed record BenchReport(string Machine, string Settings, DateTime StartedUtc, IReadOnlyList<GraphBench> Graphs)
{
    /// <summary>Engine names in table order.</summary>
    public static readonly string[] EngineOrder = { "c-int8", "csharp-int8", "torchsharp-float", "onnxruntime-float" };

    /// <summary>Indented camelCase JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    /// <summary>
    /// The markdown tables: whole clip (RTF and speed-up over ONNX Runtime), streaming (per-hop latency and
    /// speed-up), memory; then the issue's targets as measured ratios.
    /// </summary>
    public string ToMarkdown()
    {
        var s = new StringBuilder();
        s.AppendLine($"Machine: {Machine}");
        s.AppendLine($"Settings: {Settings}");
        s.AppendLine();
        s.AppendLine("Whole clip: real-time factor (seconds of compute per second of audio; lower is better), and ORT time / engine time (higher is better).");
        s.AppendLine();
        s.AppendLine("| graph | audio | C int8 | C# int8 | TorchSharp | ORT | C vs ORT | C# vs ORT | Torch vs ORT | C# / C | int8 C = C# |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var g in Graphs)
        {
            var ort = g.Get("onnxruntime-float")?.WholeSeconds;
            var c = g.Get("c-int8")?.WholeSeconds;
            var cs = g.Get("csharp-int8")?.WholeSeconds;
            s.Append($"| {g.Model} | {g.AudioSeconds:0.00} s ");
            foreach (var e in EngineOrder) s.Append($"| {Rtf(g.Get(e)?.RealTimeFactor)} ");
            foreach (var e in new[] { "c-int8", "csharp-int8", "torchsharp-float" }) s.Append($"| {Ratio(ort, g.Get(e)?.WholeSeconds)} ");
            s.Append($"| {Ratio(cs, c)} | {(g.Int8Agree is { } a ? (a ? "yes" : "NO") : "-")} |");
            s.AppendLine();
        }
        s.AppendLine();
        s.AppendLine("Streaming encoders, one hop per call: median latency per call (p95 in brackets) and ORT / engine. C and C# keep state (push API); TorchSharp and ORT have none, so each call runs the context window (receptive field rounded up to whole hops) and keeps the last frame.");
        s.AppendLine();
        s.AppendLine("| graph | hop | context | C int8 | C# int8 | TorchSharp | ORT | C vs ORT | C# vs ORT | C# / C |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var g in Graphs.Where(g => g.Kind == "encoder"))
        {
            var ort = g.Get("onnxruntime-float")?.HopMedianMs;
            s.Append($"| {g.Model} | {g.HopSamples} | {g.ContextSamples} ");
            foreach (var e in EngineOrder) s.Append($"| {Ms(g.Get(e))} ");
            s.Append($"| {Ratio(ort, g.Get("c-int8")?.HopMedianMs)} | {Ratio(ort, g.Get("csharp-int8")?.HopMedianMs)} | {Ratio(g.Get("csharp-int8")?.HopMedianMs, g.Get("c-int8")?.HopMedianMs)} |");
            s.AppendLine();
        }
        s.AppendLine();
        s.AppendLine("Memory: int8 arena against its lower bound, what a device holds (arena + state + int8 weights), and peak RSS: the na_bench process's whole peak for C, the RSS each in-process engine added at its peak for the others.");
        s.AppendLine();
        s.AppendLine("| graph | arena | lower bound | arena / bound | int8 static | C peak RSS | C# added | TorchSharp added | ORT added |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var g in Graphs)
        {
            s.Append($"| {g.Model} | {Units.Bytes(g.ArenaBytes)} | {Units.Bytes(g.LowerBoundBytes)} | {(g.LowerBoundBytes > 0 ? ((double)g.ArenaBytes / g.LowerBoundBytes).ToString("0.00", CultureInfo.InvariantCulture) : "-")} ");
            s.Append($"| {Bytes(g.Get("csharp-int8")?.StaticBytes ?? g.Get("c-int8")?.StaticBytes)} ");
            foreach (var e in EngineOrder) s.Append($"| {Bytes(g.Get(e)?.PeakBytes)} ");
            s.AppendLine("|");
        }
        var notes = Graphs.SelectMany(g => g.Engines.Where(e => e.Note != null).Select(e => $"{g.Model} {e.Engine}: {e.Note}")).Distinct().ToList();
        if (notes.Count > 0)
        {
            s.AppendLine();
            foreach (var n in notes) s.AppendLine("- " + n);
        }
        return s.ToString();
    }

    private static string Rtf(double? v) => v is { } x ? x.ToString(x < 0.01 ? "0.0000" : "0.000", CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? reference, double? engine) =>
        reference is { } r && engine is { } e && e > 0 ? (r / e).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";

    private static string Ms(EngineFigures? f) => f?.HopMedianMs is { } m
        ? $"{m.ToString("0.000", CultureInfo.InvariantCulture)} ms ({f.HopP95Ms?.ToString("0.000", CultureInfo.InvariantCulture)})"
        : "-";

    private static string Bytes(long? b) => b is { } v ? Units.Bytes(v) : "-";
}
