using System.Runtime.InteropServices;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// Runs the ops of a deployed graph over the C# kernels. Binding (every table looked up and checked, every
/// params record built) happens once in the constructor; <see cref="Run"/> then only moves data. The same code
/// serves the streaming runner (frames = 1, conv windows start with the state) and the offline whole-clip run
/// (time axes <c>frames</c> times longer, windows start with zero-point padding).
/// </summary>
internal sealed class Int8Executor
{
    private readonly Bound[] _ops;

    public Int8Executor(DeployGraph graph, QuantizedModel model)
    {
        Graph = graph;
        Model = new QuantizedModelReader(model, graph.ModelId, GraphPrinter.StructureHash(graph.Source));
        _ops = graph.Ops.Select(Bind).ToArray();
    }

    public DeployGraph Graph { get; }
    public QuantizedModelReader Model { get; }

    /// <summary>Quantisation of an int8 tensor (windows share their conv's input quantisation).</summary>
    public ActivationQuantization Quantization(DeployTensor tensor) => Model.Activation(tensor.Name);

    /// <summary>Runs op <paramref name="index"/>. <paramref name="state"/> is its past input (streaming) or null.</summary>
    public void Run(int index, TensorMemory memory, ReadOnlySpan<short> pcm, int frames, sbyte[]? state)
    {
        var b = _ops[index];
        var op = b.Op;
        var input = Graph.Tensor(op.Inputs[0]);
        var output = Graph.Tensor(op.Output);
        int inElements = input.Elements * frames, outElements = output.Elements * frames;
        switch (op.Kind)
        {
            case DeployOpKind.QuantizeInput:
                QuantizePcmKernel.Run(b.Pcm, pcm[..inElements], memory.S8(output.Id, outElements));
                break;
            case DeployOpKind.Conv1d when b.ReadsPcm:
                RunPcmConv1d(b, memory, pcm, frames, state, input, output);
                break;
            case DeployOpKind.Conv1d:
                RunConv1d(b, memory, frames, state, input, output);
                break;
            case DeployOpKind.Conv2d:
                var p2 = frames == 1 ? b.Conv2d : DeployKernelParams.Conv2d(Graph, op, Model, frames);
                Conv2dKernel.Run(p2, memory.S8(input.Id, inElements), b.Tables!.Weights, b.Tables.Bias, b.Tables.Multiplier, b.Tables.Shift,
                    memory.S8(output.Id, outElements));
                break;
            case DeployOpKind.ConvTranspose1d:
                ConvTranspose1dKernel.Run(b.ConvTranspose1d, memory.S8(input.Id, inElements), DeployOpLayout.Time(input) * frames,
                    b.Tables!.Weights, b.Tables.Bias, b.Tables.Multiplier, b.Tables.Shift, memory.S8(output.Id, outElements));
                break;
            case DeployOpKind.MaxPool:
            case DeployOpKind.AvgPool:
                RunPool(b, memory, frames, input, output, inElements, outElements);
                break;
            case DeployOpKind.Add:
                AddKernel.Run(b.Add, memory.S8(input.Id, inElements), memory.S8(op.Inputs[1], inElements), memory.S8(output.Id, outElements));
                break;
            case DeployOpKind.Lookup:
                ActivationKernel.Lut(memory.S8(input.Id, inElements), memory.S8(output.Id, outElements), b.Lut);
                break;
            case DeployOpKind.Relu:
                ActivationKernel.Clamp(memory.S8(input.Id, inElements), memory.S8(output.Id, outElements), b.Clamp.ActMin, b.Clamp.ActMax);
                break;
            case DeployOpKind.Permute:
                if (frames != 1) throw new NotSupportedException($"'{op.Name}': a permute cannot run on a lengthened time axis");
                PermuteKernel.Run(b.Permute, memory.S8(input.Id, inElements), memory.S8(output.Id, outElements));
                break;
            case DeployOpKind.Linear:
                LinearKernel.Run(b.Linear, memory.S8(input.Id, inElements), frames, b.Tables!.Weights, b.Tables.Bias, b.Tables.Multiplier,
                    b.Tables.Shift, memory.S8(output.Id, outElements));
                break;
            case DeployOpKind.Softmax:
                SoftmaxKernel.Run(b.Softmax, memory.S8(input.Id, inElements), frames, b.ExpLut, memory.S8(output.Id, outElements));
                break;
            case DeployOpKind.ResidualVq:
                var r = b.Rvq!;
                RvqKernel.Encode(r.Params, memory.S8(input.Id, inElements), DeployOpLayout.Time(input) * frames, r.Codebooks, r.CodebookOffsets,
                    r.Norms, r.Multiplier, r.Shift, memory.U16(output.Id, outElements));
                break;
            default:
                throw new NotSupportedException($"no int8 kernel for {op.Kind} ('{op.Name}')");
        }
    }

    private void RunConv1d(Bound b, TensorMemory memory, int frames, sbyte[]? state, DeployTensor input, DeployTensor output)
    {
        var t = b.Tables!;
        int outElements = output.Elements * frames;
        if (b.Window == null)
        {
            Conv1dKernel.Run(b.Conv1d, memory.S8(input.Id, input.Elements * frames), DeployOpLayout.Time(input) * frames,
                t.Weights, t.Bias, t.Multiplier, t.Shift, memory.S8(output.Id, outElements));
            return;
        }
        var w = b.Window.Scaled(frames);
        var window = memory.S8(b.Op.Scratch!.Value, w.Length * w.Channels);
        FillWindow(window, w, memory.S8(input.Id, w.Input * w.Channels), state, (sbyte)b.InputZeroPoint);
        Conv1dKernel.Run(b.Conv1d, window, w.Length, t.Weights, t.Bias, t.Multiplier, t.Shift, memory.S8(output.Id, outElements));
        if (state != null) KeepTail(window, w, state);
    }

    /// <summary>The first conv reading int16 PCM: the window (state or zeros, then the PCM) is int16 over the same bytes.</summary>
    private static void RunPcmConv1d(Bound b, TensorMemory memory, ReadOnlySpan<short> pcm, int frames, sbyte[]? state, DeployTensor input, DeployTensor output)
    {
        var t = b.Tables!;
        int outElements = output.Elements * frames;
        if (b.Window == null)
        {
            Conv1dPcmKernel.Run(b.Conv1d, pcm[..(input.Elements * frames)], DeployOpLayout.Time(input) * frames,
                t.Weights, t.Bias, t.Multiplier, t.Shift, memory.S8(output.Id, outElements));
            return;
        }
        var w = b.Window.Scaled(frames);
        var window = memory.S16(b.Op.Scratch!.Value, w.Length * w.Channels);
        var pastPcm = MemoryMarshal.Cast<sbyte, short>(state.AsSpan()); // empty offline
        FillWindow<short>(window, w, pcm[..(w.Input * w.Channels)], pastPcm, 0);
        Conv1dPcmKernel.Run(b.Conv1d, window, w.Length, t.Weights, t.Bias, t.Multiplier, t.Shift, memory.S8(output.Id, outElements));
        if (state != null) KeepTail(window, w, pastPcm);
    }

    /// <summary>
    /// [left: state or zero point | this input | right: zero point], contiguous, as the kernel reads it; an empty
    /// <paramref name="state"/> (the offline run) pads with the zero point.
    /// </summary>
    private static void FillWindow<T>(Span<T> window, Conv1dWindow w, ReadOnlySpan<T> input, ReadOnlySpan<T> state, T zeroPoint)
    {
        int ch = w.Channels;
        var left = window[..(w.Left * ch)];
        if (!state.IsEmpty) state.CopyTo(left);
        else left.Fill(zeroPoint);
        input.CopyTo(window.Slice(w.Left * ch, w.Input * ch));
        window[((w.Left + w.Input) * ch)..].Fill(zeroPoint);
    }

    /// <summary>The next step's past input: the tail of this window.</summary>
    private static void KeepTail<T>(Span<T> window, Conv1dWindow w, Span<T> state) =>
        window.Slice((w.Length - w.Left) * w.Channels, w.Left * w.Channels).CopyTo(state);

    private void RunPool(Bound b, TensorMemory memory, int frames, DeployTensor input, DeployTensor output, int inElements, int outElements)
    {
        var inSpan = memory.S8(input.Id, inElements);
        var outSpan = memory.S8(output.Id, outElements);
        bool max = b.Op.Kind == DeployOpKind.MaxPool;
        if (((PoolOp)b.Op.Op).Rank == 1)
        {
            int length = DeployOpLayout.Time(input) * frames;
            if (max) PoolKernel.MaxPool1d(b.Pool1d, inSpan, length, outSpan);
            else PoolKernel.AvgPool1d(b.Pool1d, inSpan, length, outSpan);
            return;
        }
        var p = frames == 1 ? b.Pool2d : DeployKernelParams.Pool2d(Graph, b.Op, frames);
        if (max) PoolKernel.MaxPool2d(p, inSpan, outSpan);
        else PoolKernel.AvgPool2d(p, inSpan, outSpan);
    }

    private Bound Bind(DeployOp op)
    {
        var b = new Bound(op);
        var g = Graph;
        string input = g.Tensor(op.Inputs[0]).Name, output = g.Tensor(op.Output).Name;
        long fanIn = DeployOpLayout.FanIn(op);
        b.ReadsPcm = DeployOpLayout.ReadsPcm(g, op);
        long maxFanIn = b.ReadsPcm ? KernelLimits.MaxPcmFanIn : KernelLimits.MaxFanIn;
        if (fanIn > maxFanIn)
            throw new NotSupportedException($"{g.ModelId}/{g.Variant}: '{op.Name}' sums {fanIn} products, the int32 accumulator allows {maxFanIn}");
        if (DeployOpLayout.IsWeighted(op.Kind)) b.Tables = DeployKernelParams.Weighted(g, op, Model);
        switch (op.Kind)
        {
            case DeployOpKind.QuantizeInput: b.Pcm = DeployKernelParams.QuantizePcm(g, op, Model); break;
            case DeployOpKind.Conv1d:
                b.Conv1d = DeployKernelParams.Conv1d(g, op, Model);
                b.Window = DeployOpLayout.Window(g, op);
                b.InputZeroPoint = Model.ZeroPoint(input);
                break;
            case DeployOpKind.Conv2d: b.Conv2d = DeployKernelParams.Conv2d(g, op, Model); break;
            case DeployOpKind.ConvTranspose1d: b.ConvTranspose1d = DeployKernelParams.ConvTranspose1d(g, op, Model); break;
            case DeployOpKind.Linear: b.Linear = DeployKernelParams.Linear(g, op, Model); break;
            case DeployOpKind.Add: b.Add = DeployKernelParams.Add(g, op, Model); break;
            case DeployOpKind.Lookup: b.Lut = Model.Lut(op.Name); break;
            case DeployOpKind.Relu:
                b.Clamp = DeployKernelParams.Clamp(g, op, Model);
                SameQuantization(op, input, output);
                break;
            case DeployOpKind.MaxPool:
            case DeployOpKind.AvgPool:
                if (((PoolOp)op.Op).Rank == 1) b.Pool1d = DeployKernelParams.Pool1d(g, op);
                else b.Pool2d = DeployKernelParams.Pool2d(g, op);
                SameQuantization(op, input, output);
                break;
            case DeployOpKind.Permute:
                b.Permute = DeployKernelParams.Permute(g, op);
                SameQuantization(op, input, output);
                break;
            case DeployOpKind.Softmax:
                b.Softmax = DeployKernelParams.Softmax(g, op);
                b.ExpLut = Model.ExpLut(op.Name);
                var q = Model.Activation(output);
                if (q.Scale != SoftmaxKernel.OutputScale || q.ZeroPoint != SoftmaxKernel.OutputZeroPoint)
                    throw new ArgumentException($"softmax '{op.Name}' output must be quantised with scale 1/256 and zero point -128, got {q}");
                break;
            case DeployOpKind.ResidualVq:
                var rvq = (ResidualVqOp)op.Op;
                if (rvq.Dimension > KernelLimits.MaxRvqDimension)
                    throw new NotSupportedException($"{g.ModelId}/{g.Variant}: quantizer '{op.Name}' has dimension {rvq.Dimension}, the RVQ kernel supports at most {KernelLimits.MaxRvqDimension}");
                b.Rvq = DeployKernelParams.Rvq(g, op, Model);
                break;
        }
        return b;
    }

    /// <summary>Pools, unfused ReLUs and permutes keep their input's quantisation; the model must say so.</summary>
    private void SameQuantization(DeployOp op, string input, string output)
    {
        var a = Model.Activation(input);
        var b = Model.Activation(output);
        if (a != b) throw new ArgumentException($"'{op.Name}' ({op.Kind}) keeps its input's quantisation, but '{input}' is {a} and '{output}' is {b}");
    }

    /// <summary>Everything one op needs at run time, looked up once.</summary>
    private sealed class Bound(DeployOp op)
    {
        public DeployOp Op { get; } = op;
        public WeightedTables? Tables;
        public QuantizePcmParams Pcm;
        public Conv1dParams Conv1d;
        public Conv1dWindow? Window;
        public bool ReadsPcm;
        public int InputZeroPoint;
        public Conv2dParams Conv2d;
        public ConvTranspose1dParams ConvTranspose1d;
        public LinearParams Linear;
        public AddParams Add;
        public sbyte[] Lut = [];
        public int[] ExpLut = [];
        public (int ActMin, int ActMax) Clamp;
        public Pool1dParams Pool1d;
        public Pool2dParams Pool2d;
        public PermuteParams Permute;
        public SoftmaxParams Softmax;
        public RvqTables? Rvq;
    }
}
