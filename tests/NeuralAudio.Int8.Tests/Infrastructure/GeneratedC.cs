using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Planning;
using NeuralAudio.Runtime.Deploy;
using static System.FormattableString;

namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>The three generated C files of a graph plus the test's model_api.h, written to a folder.</summary>
internal static class GeneratedC
{
    public static void Write(string directory, DeployGraph graph, BufferPlan plan, QuantizedModel model)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, CNames.HeaderFile(graph)), CEmitter.EmitHeader(graph, plan));
        File.WriteAllText(Path.Combine(directory, CNames.SourceFile(graph)), CEmitter.EmitSource(graph, plan));
        File.WriteAllText(Path.Combine(directory, CNames.WeightsFile(graph)), CWeightsEmitter.Emit(graph, model));
        File.WriteAllText(Path.Combine(directory, "model_api.h"), ModelApi(graph));
    }

    /// <summary>Maps test_main.c's MODEL_* names onto the graph's generated symbols.</summary>
    public static string ModelApi(DeployGraph graph)
    {
        string sym = CNames.Symbol(graph), macro = CNames.Macro(graph);
        var lines = new List<string> { "#include \"" + CNames.HeaderFile(graph) + "\"" };
        if (graph.Streaming)
        {
            lines.Add("#define MODEL_IS_ENCODER 1");
            lines.Add(Invariant($"#define MODEL_HOP {macro}_HOP"));
            lines.Add(Invariant($"#define MODEL_QUANTIZERS {macro}_QUANTIZERS"));
            lines.Add(Invariant($"typedef {sym}_state model_state;"));
            lines.Add(Invariant($"#define model_init {sym}_init"));
            lines.Add(Invariant($"#define model_push {sym}_push"));
        }
        else
        {
            lines.Add("#define MODEL_IS_ENCODER 0");
            lines.Add(Invariant($"#define MODEL_INPUT_SAMPLES {macro}_INPUT_SAMPLES"));
            lines.Add(Invariant($"#define MODEL_CLASSES {macro}_CLASSES"));
            lines.Add(Invariant($"#define model_run {sym}_run"));
        }
        return string.Join("\n", lines) + "\n";
    }
}
