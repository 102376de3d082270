using System.Text;
using System.Text.Json;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Runtime.Serialization;

/// <summary>
/// Writes <c>&lt;symbol&gt;.manifest.json</c>: a human- and tool-readable account of a quantised model: model id,
/// variant, structure hash, target, calibration method and clip count, every tensor's scale and zero point, and per
/// op its kernel, table bytes and a summary of its per-channel weight scales. The weight scales are recovered from
/// the requantisation multipliers (scale_w = M 2^(shift - 31) scale_out / scale_in), so the manifest describes
/// exactly what the <c>.naw</c> file holds. Deterministic: no timestamps.
/// </summary>
public static class ManifestWriter
{
    /// <summary>The manifest's name for <paramref name="graph"/>.</summary>
    public static string FileName(DeployGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Symbol + ".manifest.json";
    }

    /// <summary>Writes the manifest to <paramref name="path"/>.</summary>
    public static void Write(string path, DeployGraph graph, QuantizedModel model, ManifestInfo info) =>
        File.WriteAllText(path, ToJson(graph, model, info), new UTF8Encoding(false));

    /// <summary>The manifest text (indented JSON, ending with a newline).</summary>
    public static string ToJson(DeployGraph graph, QuantizedModel model, ManifestInfo info)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", "neuralaudio-int8-manifest");
            w.WriteNumber("version", 1);
            w.WriteString("modelId", model.ModelId);
            w.WriteString("variant", model.Variant);
            w.WriteString("structureHash", model.StructureHash);
            w.WriteString("symbol", graph.Symbol);
            w.WriteString("target", info.Target);
            if (info.WeightsSource != null) w.WriteString("weightsSource", info.WeightsSource);
            w.WriteBoolean("streaming", graph.Streaming);
            w.WriteNumber("stepInputSamples", graph.StepInputSamples);
            w.WriteNumber("sampleRate", graph.Source.SampleRate);
            w.WriteNumber("weightBytes", QuantizedModelSize.Bytes(model));

            w.WriteStartObject("calibration");
            w.WriteString("method", info.CalibrationMethod);
            w.WriteNumber("clips", info.CalibrationClips);
            if (info.CalibrationSource != null) w.WriteString("source", info.CalibrationSource);
            if (info.InputRange != null) w.WriteString("inputRange", info.InputRange);
            w.WriteEndObject();

            w.WriteStartArray("tensors");
            foreach (var t in graph.Tensors)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteString("type", t.ElementType.ToString().ToLowerInvariant());
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                if (DeployOpLayout.IsQuantised(graph, t) && model.Activations.TryGetValue(t.Name, out var q))
                {
                    w.WriteNumber("scale", q.Scale);
                    w.WriteNumber("zeroPoint", q.ZeroPoint);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("ops");
            foreach (var op in graph.Ops)
            {
                w.WriteStartObject();
                w.WriteString("name", op.Name);
                w.WriteString("kind", op.Kind.ToString());
                if (op.FusedRelu) w.WriteBoolean("fusedRelu", true);
                if (model.Ops.TryGetValue(op.Name, out var tables))
                {
                    w.WriteNumber("bytes", QuantizedModelSize.Bytes(tables));
                    if (tables.Weights != null && WeightScales(graph, model, op, tables) is { Length: > 0 } scales)
                    {
                        w.WriteStartObject("weightScale");
                        w.WriteNumber("channels", scales.Length);
                        w.WriteNumber("min", scales.Min());
                        w.WriteNumber("max", scales.Max());
                        w.WriteNumber("mean", scales.Average());
                        w.WriteEndObject();
                    }
                    if (tables.Rvq is { } rvq)
                    {
                        w.WriteNumber("fracBits", rvq.Params.FracBits);
                        w.WriteStartArray("codebookScales");
                        foreach (var s in rvq.Quantization) w.WriteNumberValue(s.Scale);
                        w.WriteEndArray();
                    }
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Per output channel weight scale, recovered from the multipliers and the tensors' scales.</summary>
    private static double[] WeightScales(DeployGraph graph, QuantizedModel model, DeployOp op, OpTables tables)
    {
        if (tables.Multiplier == null || tables.Shift == null || op.Inputs.Count == 0) return Array.Empty<double>();
        if (!model.Activations.TryGetValue(graph.Tensor(op.Inputs[0]).Name, out var input)
            || !model.Activations.TryGetValue(graph.Tensor(op.Output).Name, out var output))
            return Array.Empty<double>();
        var scales = new double[tables.Multiplier.Length];
        for (int c = 0; c < scales.Length; c++)
            scales[c] = QuantizationParameters.RealMultiplier(tables.Multiplier[c], tables.Shift[c]) * output.Scale / input.Scale;
        return scales;
    }
}
