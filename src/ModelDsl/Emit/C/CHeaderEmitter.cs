using System.Linq;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.ModelDsl.Planning;
using static System.FormattableString;

namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>Writes <c>&lt;symbol&gt;.h</c>: sizes, structure hash, the state struct, the API and every weight symbol.</summary>
    internal static class CHeaderEmitter
    {
        public static string Emit(DeployGraph graph, BufferPlan plan)
        {
            string sym = CNames.Symbol(graph), macro = CNames.Macro(graph), hash = GraphPrinter.StructureHash(graph.Source);
            CNames.RequireUniqueOps(graph);
            var w = new CodeWriter();
            CSourceEmitter.Banner(w, graph, hash, "API, sizes and weight symbols");
            w.Line("#ifndef " + macro + "_H");
            w.Line("#define " + macro + "_H");
            w.Line();
            w.Line("#include <stdint.h>");
            w.Line("#include \"na_kernels.h\"");
            w.Line("#include \"na_quantize_pcm.h\"");
            w.Line();
            w.Line("#ifdef __cplusplus");
            w.Line("extern \"C\" {");
            w.Line("#endif");
            w.Line();
            w.Line("/* The structure these sources implement; a weights file for another structure fails to compile. */");
            w.Line(Invariant($"#define {macro}_STRUCTURE_HASH \"{hash}\""));
            w.Line(Invariant($"#define {macro}_STRUCTURE_HASH_HI 0x{hash.Substring(0, 8)}u"));
            w.Line(Invariant($"#define {macro}_STRUCTURE_HASH_LO 0x{hash.Substring(8, 8)}u"));
            w.Line(Invariant($"#define {macro}_DEPLOY_LAYOUT {DeployLayout.Version} /* lowering rules the weights must be exported under */"));
            w.Line();
            w.Line(Invariant($"#define {macro}_SAMPLE_RATE {graph.Source.SampleRate}"));
            if (graph.Streaming)
            {
                var q = DeployOpLayout.Quantizer(graph)!;
                w.Line(Invariant($"#define {macro}_HOP {graph.StepInputSamples} /* input samples per frame */"));
                w.Line(Invariant($"#define {macro}_QUANTIZERS {q.NumQuantizers} /* codes per frame */"));
                w.Line(Invariant($"#define {macro}_CODEBOOK_SIZE {q.CodebookSize}"));
            }
            else
            {
                w.Line(Invariant($"#define {macro}_INPUT_SAMPLES {graph.StepInputSamples}"));
                w.Line(Invariant($"#define {macro}_CLASSES {DeployOpLayout.Classes(graph)}"));
            }
            w.Line();
            w.Line("/* Static memory: activations (one arena, offsets planned at build time), streaming state, const weights. */");
            w.Line(Invariant($"#define {macro}_ARENA_BYTES {plan.ArenaBytes}"));
            w.Line(Invariant($"#define {macro}_STATE_BYTES {graph.StateBytes}"));
            w.Line(Invariant($"#define {macro}_WEIGHT_BYTES {DeployOpLayout.WeightBytes(graph)} /* const arrays; params structs excluded */"));
            w.Line();
            if (graph.Streaming) EmitEncoderApi(w, graph, sym, macro);
            else EmitClassifierApi(w, sym, macro);
            EmitWeightSymbols(w, graph);
            w.Line("#ifdef __cplusplus");
            w.Line("}");
            w.Line("#endif");
            w.Line();
            w.Line("#endif /* " + macro + "_H */");
            return w.ToString();
        }

        private static void EmitEncoderApi(CodeWriter w, DeployGraph graph, string sym, string macro)
        {
            string type = CNames.StateType(graph);
            w.Line("/* Streaming state: the past input of every causal conv, [samples][channels] (channels last). */");
            w.Line("typedef struct {");
            using (w.Indent())
            {
                foreach (var op in graph.Ops.Where(o => o.State != null))
                {
                    string valueType = op.State!.ElementType == DeployElementType.Int8 ? "int8_t" : "int16_t";
                    w.Line(Invariant($"{valueType} {CNames.Op(op)}[{op.State.Samples} * {op.State.Channels}];"));
                }
            }
            w.Line("} " + type + ";");
            w.Line();
            w.Line("/* Starts a stream: every past sample is the input zero point (real 0), as in training's zero padding. */");
            w.Line(Invariant($"void {sym}_init({type} *state);"));
            w.Line();
            w.Line(Invariant($"/* Encodes n samples (a multiple of {macro}_HOP) frame by frame into codes_out, frame-major:"));
            w.Line(Invariant($" * (n / {macro}_HOP) * {macro}_QUANTIZERS codes. Returns the frames written, or -1 if n is not a"));
            w.Line(" * multiple of the hop (nothing is written then). Not reentrant: the activation arena is static. */");
            w.Line(Invariant($"int32_t {sym}_push({type} *state, const int16_t *pcm, int32_t n, uint16_t *codes_out);"));
            w.Line();
        }

        private static void EmitClassifierApi(CodeWriter w, string sym, string macro)
        {
            w.Line(Invariant($"/* Classifies {macro}_INPUT_SAMPLES samples of PCM; scores gets {macro}_CLASSES int8 probabilities"));
            w.Line(" * (scale 1/256, zero point -128). Not reentrant: the activation arena is static. */");
            w.Line(Invariant($"void {sym}_run(const int16_t *pcm, int8_t *scores);"));
            w.Line();
        }

        private static void EmitWeightSymbols(CodeWriter w, DeployGraph graph)
        {
            w.Line(Invariant($"/* Weights and quantisation parameters, defined in {CNames.WeightsFile(graph)}. */"));
            foreach (var op in graph.Ops)
            {
                var paramsType = DeployOpLayout.DataParamsType(op.Kind);
                var arrays = DeployOpLayout.Arrays(graph, op);
                if (paramsType == null && arrays.Count == 0) continue;
                w.Line("/* " + op.Name + " */");
                if (paramsType != null) w.Line(Invariant($"extern const {paramsType} {CNames.OpData(graph, op, "params")};"));
                foreach (var a in arrays)
                    w.Line(Invariant($"extern const {a.CType} {CNames.OpData(graph, op, a.Suffix)}[{a.Length}];"));
            }
            w.Line();
        }
    }
}
