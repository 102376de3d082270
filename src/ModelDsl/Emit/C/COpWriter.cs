using System;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.ModelDsl.Planning;
using static System.FormattableString;

namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>
    /// Writes the straight-line body of one step: one kernel call per deployed op, every pointer a constant arena
    /// offset from the plan, every shape a literal.
    /// </summary>
    internal sealed class COpWriter
    {
        private readonly DeployGraph _graph;
        private readonly BufferPlan _plan;
        private readonly CodeWriter _w;

        public COpWriter(DeployGraph graph, BufferPlan plan, CodeWriter w) { _graph = graph; _plan = plan; _w = w; }

        public void WriteAll()
        {
            foreach (var op in _graph.Ops)
            {
                var output = _graph.Tensor(op.Output);
                _w.Line(Invariant($"/* [{op.Index}] {op.Name}: {DeployOpLayout.Describe(op)} -> {DeployOpLayout.ShapeText(output)} @{_plan.OffsetOf(op.Output)} */"));
                Write(op);
            }
            var result = _graph.Tensor(_graph.Output);
            if (_graph.Streaming)
                _w.Line(Invariant($"memcpy(codes, {At(_graph.Output)}, {result.Elements} * sizeof(uint16_t));"));
            else
                _w.Line(Invariant($"memcpy(scores, {At(_graph.Output)}, {result.Elements});"));
        }

        private void Write(DeployOp op)
        {
            var input = _graph.Tensor(op.Inputs[0]);
            var output = _graph.Tensor(op.Output);
            // The PCM is the caller's buffer, not in the arena.
            string inPtr = input.Id == _graph.PcmInput ? "pcm" : At(input.Id), outPtr = At(output.Id);
            switch (op.Kind)
            {
                case DeployOpKind.QuantizeInput:
                    Call("na_quantize_pcm_s16", Params(op), "pcm", I(input.Elements), outPtr);
                    break;
                case DeployOpKind.Conv1d:
                    WriteConv1d(op, input, output, inPtr);
                    break;
                case DeployOpKind.Conv2d:
                    Call("na_conv2d_s8", Params(op), inPtr, Data(op, "weights"), Bias(op), Data(op, "multiplier"), Data(op, "shift"), outPtr);
                    break;
                case DeployOpKind.ConvTranspose1d:
                    Call("na_conv_transpose1d_s8", Params(op), inPtr, I(DeployOpLayout.Time(input)), Data(op, "weights"), Bias(op),
                        Data(op, "multiplier"), Data(op, "shift"), outPtr);
                    break;
                case DeployOpKind.MaxPool:
                case DeployOpKind.AvgPool:
                    string kind = op.Kind == DeployOpKind.MaxPool ? "max" : "avg";
                    if (((PoolOp)op.Op).Rank == 1)
                        Call($"na_{kind}_pool1d_s8", Local(op), inPtr, I(DeployOpLayout.Time(input)), outPtr);
                    else
                        Call($"na_{kind}_pool2d_s8", Local(op), inPtr, outPtr);
                    break;
                case DeployOpKind.Add:
                    Call("na_add_s8", Params(op), inPtr, At(op.Inputs[1]), outPtr, I(output.Elements));
                    break;
                case DeployOpKind.Lookup:
                    Call("na_lut_s8", inPtr, outPtr, I(output.Elements), Data(op, "lut"));
                    break;
                case DeployOpKind.Relu:
                    Call("na_clamp_s8", inPtr, outPtr, I(output.Elements), Data(op, "clamp") + "[0]", Data(op, "clamp") + "[1]");
                    break;
                case DeployOpKind.Permute:
                    Call("na_permute_s8", Local(op), inPtr, outPtr);
                    break;
                case DeployOpKind.Linear:
                    Call("na_linear_s8", Params(op), inPtr, "1", Data(op, "weights"), Bias(op), Data(op, "multiplier"), Data(op, "shift"), outPtr);
                    break;
                case DeployOpKind.Softmax:
                    Call("na_softmax_s8", Local(op), inPtr, "1", Data(op, "exp_lut"), outPtr);
                    break;
                case DeployOpKind.ResidualVq:
                    Call("na_rvq_encode_s8", Params(op), inPtr, I(DeployOpLayout.Time(input)), Data(op, "codebooks"), Data(op, "codebook_offsets"),
                        Data(op, "norms"), Data(op, "multiplier"), Data(op, "shift"), "(int16_t *)(void *)(" + At(op.Scratch!.Value) + ")",
                        "(uint16_t *)(void *)(" + outPtr + ")");
                    break;
                default:
                    throw new NotSupportedException($"no C emission for {op.Kind} ('{op.Name}')");
            }
        }

        private void WriteConv1d(DeployOp op, DeployTensor input, DeployTensor output, string source)
        {
            var c = (Conv1dOp)op.Op;
            var window = DeployOpLayout.Window(_graph, op);
            bool pcm = DeployOpLayout.ReadsPcm(_graph, op);
            int size = input.ElementType.Bytes(); // int16 PCM or int8
            int length = DeployOpLayout.Time(input);
            if (window != null)
            {
                long start = _plan.OffsetOf(op.Scratch!.Value);
                int row = window.Channels * size;
                string zeroPoint = pcm ? "0" : ZeroPoint(op);
                if (window.FromState)
                    _w.Line(Invariant($"memcpy({At(start)}, state->{CNames.Op(op)}, {window.Left * row});"));
                else if (window.Left > 0)
                    _w.Line(Invariant($"memset({At(start)}, {zeroPoint}, {window.Left * row});"));
                _w.Line(Invariant($"memcpy({At(start + window.Left * row)}, {source}, {window.Input * row});"));
                if (window.Right > 0)
                    _w.Line(Invariant($"memset({At(start + (window.Left + window.Input) * row)}, {zeroPoint}, {window.Right * row});"));
                source = At(start);
                length = window.Length;
            }
            int span = (c.Kernel - 1) * c.Dilation + 1;
            int outLength = length < span ? 0 : (length - span) / c.Stride + 1;
            if (outLength != DeployOpLayout.Time(output))
                throw new InvalidOperationException($"'{op.Name}': a window of {length} samples gives {outLength} outputs, the graph expects {DeployOpLayout.Time(output)}");
            if (pcm)
                Call("na_conv1d_pcm_s16", Params(op), window == null ? source : "(const int16_t *)(const void *)(" + source + ")", I(length),
                    Data(op, "weights"), Bias(op), Data(op, "multiplier"), Data(op, "shift"), At(output.Id));
            else
                Call("na_conv1d_s8", Params(op), source, I(length), Data(op, "weights"), Bias(op), Data(op, "multiplier"), Data(op, "shift"), At(output.Id));
            if (window != null && window.FromState)
            {
                // The next step's past input: the last Left samples of this window.
                long tail = _plan.OffsetOf(op.Scratch!.Value) + (long)(window.Length - window.Left) * window.Channels * size;
                _w.Line(Invariant($"memcpy(state->{CNames.Op(op)}, {At(tail)}, {window.Left * window.Channels * size});"));
            }
        }

        private void Call(string function, params string[] arguments) => CallWriter.Write(_w, function, arguments);

        private string At(int tensorId) => At(_plan.OffsetOf(tensorId));

        private static string At(long offset) => offset == 0 ? "arena" : "arena + " + I(offset);

        private string Params(DeployOp op) => "&" + CNames.OpData(_graph, op, "params");

        private static string Local(DeployOp op) => "&" + CNames.Op(op) + "_params";

        private string Data(DeployOp op, string suffix) => CNames.OpData(_graph, op, suffix);

        private string Bias(DeployOp op) => DeployOpLayout.HasBias(_graph, op) ? Data(op, "bias") : "0";

        /// <summary>The conv's input zero point, read from its params (quantisation is data, not structure).</summary>
        private string ZeroPoint(DeployOp op) => "-" + CNames.OpData(_graph, op, "params") + ".input_offset";

        private static string I(long value) => CArrayWriter.Literal(value);
    }
}
