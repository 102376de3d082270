using System;
using System.Linq;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.ModelDsl.Planning;
using static System.FormattableString;

namespace NeuralAudio.ModelDsl.Emit.Int8CSharp
{
    /// <summary>
    /// The per-op parts of the generated C# class: fields, their binding from the quantised model, and the
    /// straight-line step with constant arena offsets. Mirrors <see cref="COpWriter"/> call for call.
    /// </summary>
    internal sealed class CSharpOpWriter
    {
        private readonly DeployGraph _graph;
        private readonly BufferPlan _plan;
        private readonly CodeWriter _w;

        public CSharpOpWriter(DeployGraph graph, BufferPlan plan, CodeWriter w) { _graph = graph; _plan = plan; _w = w; }

        public void WriteFields()
        {
            // Structural params (pools, permutes, softmax): constants, like the C code's static const structs.
            foreach (var op in _graph.Ops)
            {
                var input = _graph.Tensor(op.Inputs[0]);
                string f = Field(op, "");
                switch (op.Kind)
                {
                    case DeployOpKind.MaxPool:
                    case DeployOpKind.AvgPool:
                        var pool = (PoolOp)op.Op;
                        if (pool.Rank == 1)
                            Call($"private static readonly Pool1dParams {f} = new", I(input.Shape[0]), "Kernel: " + I(pool.KernelW), "Stride: " + I(pool.KernelW), "-128", "127");
                        else
                            Call($"private static readonly Pool2dParams {f} = new", I(input.Shape[0]), "InHeight: " + I(input.Shape[1]), "InWidth: " + I(input.Shape[2]),
                                "KernelH: " + I(pool.KernelH), "KernelW: " + I(pool.KernelW), "StrideH: " + I(pool.KernelH), "StrideW: " + I(pool.KernelW), "-128", "127");
                        break;
                    case DeployOpKind.Permute:
                        var p = DeployOpLayout.Permute(_graph, op);
                        Call($"private static readonly PermuteParams {f} = new", CArrayWriter.List(p.OutDims), CArrayWriter.List(p.InStrides));
                        break;
                    case DeployOpKind.Softmax:
                        Call($"private static readonly SoftmaxParams {f} = new", I(_graph.Tensor(op.Output).Elements));
                        break;
                }
            }
            foreach (var op in _graph.Ops.Where(o => o.State != null))
            {
                string type = op.State!.ElementType == DeployElementType.Int8 ? "sbyte" : "short";
                _w.Line(Invariant($"private readonly {type}[] {Field(op, "State")} = new {type}[{op.State.Samples} * {op.State.Channels}]; // past input of {op.Name}"));
            }
            foreach (var op in _graph.Ops)
            {
                string f = Field(op, "");
                switch (op.Kind)
                {
                    case DeployOpKind.QuantizeInput: _w.Line($"private readonly QuantizePcmParams {f};"); break;
                    case DeployOpKind.Conv1d: _w.Line($"private readonly Conv1dParams {f};"); break;
                    case DeployOpKind.Conv2d: _w.Line($"private readonly Conv2dParams {f};"); break;
                    case DeployOpKind.ConvTranspose1d: _w.Line($"private readonly ConvTranspose1dParams {f};"); break;
                    case DeployOpKind.Linear: _w.Line($"private readonly LinearParams {f};"); break;
                    case DeployOpKind.Add: _w.Line($"private readonly AddParams {f};"); break;
                    case DeployOpKind.Lookup: _w.Line($"private readonly sbyte[] {Field(op, "Lut")};"); break;
                    case DeployOpKind.Relu: _w.Line($"private readonly int {Field(op, "Min")};"); break;
                    case DeployOpKind.Softmax: _w.Line($"private readonly int[] {Field(op, "Exp")};"); break;
                    case DeployOpKind.ResidualVq: _w.Line($"private readonly RvqTables {Field(op, "Tables")};"); break;
                }
                if (DeployOpLayout.IsWeighted(op.Kind)) _w.Line($"private readonly WeightedTables {Field(op, "Tables")};");
            }
        }

        public void WriteBindings()
        {
            foreach (var op in _graph.Ops)
            {
                string input = Str(_graph.Tensor(op.Inputs[0]).Name), output = Str(_graph.Tensor(op.Output).Name), name = Str(op.Name);
                string relu = op.FusedRelu ? "true" : "false";
                var offsets = new[] { $"q.InputOffset({input})", $"q.ZeroPoint({output})", $"q.ActMin({output}, relu: {relu})", "127" };
                string f = Field(op, "");
                switch (op.Kind)
                {
                    case DeployOpKind.QuantizeInput:
                        Call(f + " = q.QuantizePcm", name, output);
                        break;
                    case DeployOpKind.Conv1d:
                        var c = (Conv1dOp)op.Op;
                        Call(f + " = new Conv1dParams", Args(I(c.InChannels), I(c.OutChannels), "Kernel: " + I(c.Kernel), "Stride: " + I(c.Stride),
                            "Dilation: " + I(c.Dilation), "Groups: " + I(c.Groups)).Concat(offsets).ToArray());
                        break;
                    case DeployOpKind.Conv2d:
                        var c2 = (Conv2dOp)op.Op;
                        var i2 = _graph.Tensor(op.Inputs[0]).Shape;
                        var o2 = _graph.Tensor(op.Output).Shape;
                        Call(f + " = new Conv2dParams", Args(I(c2.InChannels), I(c2.OutChannels), "InHeight: " + I(i2[1]), "InWidth: " + I(i2[2]),
                            "OutHeight: " + I(o2[1]), "OutWidth: " + I(o2[2]), "KernelH: " + I(c2.KernelH), "KernelW: " + I(c2.KernelW),
                            "StrideH: " + I(c2.StrideH), "StrideW: " + I(c2.StrideW), "DilationH: " + I(c2.DilationH), "DilationW: " + I(c2.DilationW),
                            "PadTop: " + I(c2.PadTop), "PadLeft: " + I(c2.PadLeft), "Groups: " + I(c2.Groups)).Concat(offsets).ToArray());
                        break;
                    case DeployOpKind.ConvTranspose1d:
                        var ct = (ConvTranspose1dOp)op.Op;
                        Call(f + " = new ConvTranspose1dParams", Args(I(ct.InChannels), I(ct.OutChannels), "Kernel: " + I(ct.Kernel), "Stride: " + I(ct.Stride),
                            "CropLeft: " + I(ct.CropLeft), "CropRight: " + I(ct.CropRight)).Concat(offsets).ToArray());
                        break;
                    case DeployOpKind.Linear:
                        var l = (LinearOp)op.Op;
                        Call(f + " = new LinearParams", Args(I(l.InFeatures), I(l.OutFeatures)).Concat(offsets).ToArray());
                        break;
                    case DeployOpKind.Add:
                        Call(f + " = q.Add", name, input, Str(_graph.Tensor(op.Inputs[1]).Name), output, "relu: " + relu);
                        break;
                    case DeployOpKind.Lookup:
                        Call(Field(op, "Lut") + " = q.Lut", name);
                        break;
                    case DeployOpKind.Relu:
                        Call(Field(op, "Min") + " = q.ActMin", input, "relu: true");
                        break;
                    case DeployOpKind.Softmax:
                        Call(Field(op, "Exp") + " = q.ExpLut", name);
                        break;
                    case DeployOpKind.ResidualVq:
                        var rvq = (ResidualVqOp)op.Op;
                        Call(Field(op, "Tables") + " = q.Rvq", name, input, "stages: " + I(rvq.NumQuantizers),
                            "codebookSize: " + I(rvq.CodebookSize), "dim: " + I(rvq.Dimension));
                        break;
                }
                if (DeployOpLayout.IsWeighted(op.Kind))
                {
                    Call(Field(op, "Tables") + " = q.Weighted", name, "weights: " + I(DeployOpLayout.WeightCount(op)),
                        "channels: " + I(DeployOpLayout.OutChannels(op)), "bias: " + (DeployOpLayout.HasBias(_graph, op) ? "true" : "false"));
                }
            }
        }

        private static string[] Args(params string[] values) => values;

        public void WriteStateReset()
        {
            foreach (var op in _graph.Ops.Where(o => o.State != null))
                _w.Line(op.State!.ElementType == DeployElementType.Int8
                    ? Invariant($"Array.Fill({Field(op, "State")}, (sbyte)-{Field(op, "")}.InputOffset);")
                    : Invariant($"Array.Clear({Field(op, "State")}); // PCM silence"));
        }

        public void WriteStep()
        {
            _w.Line("Span<sbyte> a = _arena;");
            foreach (var op in _graph.Ops)
            {
                var output = _graph.Tensor(op.Output);
                _w.Line(Invariant($"// [{op.Index}] {op.Name}: {DeployOpLayout.Describe(op)} -> {DeployOpLayout.ShapeText(output)} @{_plan.OffsetOf(op.Output)}"));
                Write(op);
            }
            var result = _graph.Tensor(_graph.Output);
            if (_graph.Streaming)
                _w.Line(Invariant($"MemoryMarshal.Cast<sbyte, ushort>({Slice(_plan.OffsetOf(result.Id), result.SizeBytes)}).CopyTo(codes);"));
            else
                _w.Line(Invariant($"{Slice(_plan.OffsetOf(result.Id), result.Elements)}.CopyTo(scores);"));
        }

        private void Write(DeployOp op)
        {
            var input = _graph.Tensor(op.Inputs[0]);
            var output = _graph.Tensor(op.Output);
            // The PCM is the caller's span, not in the arena.
            string inSpan = input.Id == _graph.PcmInput ? "pcm" : In(input), outSpan = In(output);
            string f = Field(op, ""), t = Field(op, "Tables");
            string[] tables = { $"{t}.Weights", $"{t}.Bias", $"{t}.Multiplier", $"{t}.Shift" };
            switch (op.Kind)
            {
                case DeployOpKind.QuantizeInput:
                    Call("QuantizePcmKernel.Run", f, Invariant($"pcm.Slice(0, {input.Elements})"), outSpan);
                    break;
                case DeployOpKind.Conv1d:
                    WriteConv1d(op, input, output, f, tables);
                    break;
                case DeployOpKind.Conv2d:
                    Call("Conv2dKernel.Run", Weighted(new[] { f, inSpan }, tables, outSpan));
                    break;
                case DeployOpKind.ConvTranspose1d:
                    Call("ConvTranspose1dKernel.Run", Weighted(new[] { f, inSpan, I(DeployOpLayout.Time(input)) }, tables, outSpan));
                    break;
                case DeployOpKind.MaxPool:
                case DeployOpKind.AvgPool:
                    var pool = (PoolOp)op.Op;
                    string kind = op.Kind == DeployOpKind.MaxPool ? "Max" : "Avg";
                    if (pool.Rank == 1) Call($"PoolKernel.{kind}Pool1d", f, inSpan, I(DeployOpLayout.Time(input)), outSpan);
                    else Call($"PoolKernel.{kind}Pool2d", f, inSpan, outSpan);
                    break;
                case DeployOpKind.Add:
                    Call("AddKernel.Run", f, inSpan, In(_graph.Tensor(op.Inputs[1])), outSpan);
                    break;
                case DeployOpKind.Lookup:
                    Call("ActivationKernel.Lut", inSpan, outSpan, Field(op, "Lut"));
                    break;
                case DeployOpKind.Relu:
                    Call("ActivationKernel.Clamp", inSpan, outSpan, Field(op, "Min"), "127");
                    break;
                case DeployOpKind.Permute:
                    Call("PermuteKernel.Run", f, inSpan, outSpan);
                    break;
                case DeployOpKind.Linear:
                    Call("LinearKernel.Run", Weighted(new[] { f, inSpan, "rows: 1" }, tables, outSpan));
                    break;
                case DeployOpKind.Softmax:
                    Call("SoftmaxKernel.Run", f, inSpan, "rows: 1", Field(op, "Exp"), outSpan);
                    break;
                case DeployOpKind.ResidualVq:
                    Call("RvqKernel.Encode", $"{t}.Params", inSpan, Invariant($"frames: {DeployOpLayout.Time(input)}"),
                        $"{t}.Codebooks", $"{t}.CodebookOffsets", $"{t}.Norms", $"{t}.Multiplier", $"{t}.Shift",
                        Invariant($"MemoryMarshal.Cast<sbyte, ushort>({Slice(_plan.OffsetOf(output.Id), output.SizeBytes)})"));
                    break;
                default:
                    throw new NotSupportedException($"no C# emission for {op.Kind} ('{op.Name}')");
            }
        }

        private void WriteConv1d(DeployOp op, DeployTensor input, DeployTensor output, string f, string[] tables)
        {
            var window = DeployOpLayout.Window(_graph, op);
            bool pcm = DeployOpLayout.ReadsPcm(_graph, op);
            string kernel = pcm ? "Conv1dPcmKernel.Run" : "Conv1dKernel.Run";
            if (window == null)
            {
                string source = pcm ? Invariant($"pcm.Slice(0, {input.Elements})") : In(input);
                Call(kernel, Weighted(new[] { f, source, I(DeployOpLayout.Time(input)) }, tables, In(output)));
                return;
            }
            long start = _plan.OffsetOf(op.Scratch!.Value);
            int size = input.ElementType.Bytes(); // int16 PCM or int8
            int ch = window.Channels;
            // The window as the kernel reads it: int8 values, or the int16 PCM over the same arena bytes.
            string Part(long first, long count) => pcm
                ? Invariant($"MemoryMarshal.Cast<sbyte, short>({Slice(start + first * size, count * size)})")
                : Slice(start + first, count);
            string zeroPoint = pcm ? "0" : Invariant($"(sbyte)-{f}.InputOffset");
            if (window.FromState)
                _w.Line(Invariant($"{Field(op, "State")}.CopyTo({Part(0, window.Left * ch)});"));
            else if (window.Left > 0)
                _w.Line(Invariant($"{Part(0, window.Left * ch)}.Fill({zeroPoint});"));
            string chunk = pcm ? Invariant($"pcm.Slice(0, {window.Input * ch})") : In(input);
            _w.Line(Invariant($"{chunk}.CopyTo({Part(window.Left * ch, window.Input * ch)});"));
            if (window.Right > 0)
                _w.Line(Invariant($"{Part((window.Left + window.Input) * ch, window.Right * ch)}.Fill({zeroPoint});"));
            Call(kernel, Weighted(new[] { f, Part(0, window.Length * ch), I(window.Length) }, tables, In(output)));
            if (window.FromState)
                _w.Line(Invariant($"{Part((long)(window.Length - window.Left) * ch, window.Left * ch)}.CopyTo({Field(op, "State")});"));
        }

        private void Call(string method, params string[] arguments) => CallWriter.Write(_w, method, arguments);

        /// <summary>A weighted kernel's arguments: leading ones, the four tables, the output.</summary>
        private static string[] Weighted(string[] leading, string[] tables, string output) => leading.Concat(tables).Concat(new[] { output }).ToArray();

        private string In(DeployTensor tensor) => Slice(_plan.OffsetOf(tensor.Id), tensor.SizeBytes);

        private static string Slice(long offset, long length) => Invariant($"a.Slice({offset}, {length})");

        /// <summary>A private field of an op: <c>_</c> + its identifier + a role suffix.</summary>
        private static string Field(DeployOp op, string suffix) => "_" + CNames.Op(op) + suffix;

        private static string Str(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        private static string I(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
