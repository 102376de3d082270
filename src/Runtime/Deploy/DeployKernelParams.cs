using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// The kernel parameters of a deployed op: shapes from the structure, offsets and clamps from the quantised model.
/// The interpreter runs with them and the C weights file prints them, so both use the very same numbers.
/// <c>frames</c> lengthens the time axis for the offline whole-clip run of an encoder.
/// </summary>
public static class DeployKernelParams
{
    /// <summary>PCM to the input activation.</summary>
    public static QuantizePcmParams QuantizePcm(DeployGraph graph, DeployOp op, QuantizedModelReader model) =>
        model.QuantizePcm(op.Name, Out(graph, op));

    /// <summary>A valid conv1d over the op's input or window.</summary>
    public static Conv1dParams Conv1d(DeployGraph graph, DeployOp op, QuantizedModelReader model)
    {
        var c = (Conv1dOp)op.Op;
        return new Conv1dParams(c.InChannels, c.OutChannels, c.Kernel, c.Stride, c.Dilation, c.Groups,
            model.InputOffset(In(graph, op)), model.ZeroPoint(Out(graph, op)), model.ActMin(Out(graph, op), op.FusedRelu), sbyte.MaxValue);
    }

    /// <summary>A conv2d with implicit zero-point padding.</summary>
    public static Conv2dParams Conv2d(DeployGraph graph, DeployOp op, QuantizedModelReader model, int frames = 1)
    {
        var c = (Conv2dOp)op.Op;
        var input = graph.Tensor(op.Inputs[0]).Shape;
        var output = graph.Tensor(op.Output).Shape;
        return new Conv2dParams(c.InChannels, c.OutChannels, input[1], input[2] * frames, output[1], output[2] * frames,
            c.KernelH, c.KernelW, c.StrideH, c.StrideW, c.DilationH, c.DilationW, c.PadTop, c.PadLeft, c.Groups,
            model.InputOffset(In(graph, op)), model.ZeroPoint(Out(graph, op)), model.ActMin(Out(graph, op), op.FusedRelu), sbyte.MaxValue);
    }

    /// <summary>A transposed conv1d with its crops.</summary>
    public static ConvTranspose1dParams ConvTranspose1d(DeployGraph graph, DeployOp op, QuantizedModelReader model)
    {
        var c = (ConvTranspose1dOp)op.Op;
        return new ConvTranspose1dParams(c.InChannels, c.OutChannels, c.Kernel, c.Stride, c.CropLeft, c.CropRight,
            model.InputOffset(In(graph, op)), model.ZeroPoint(Out(graph, op)), model.ActMin(Out(graph, op), op.FusedRelu), sbyte.MaxValue);
    }

    /// <summary>A fully connected layer.</summary>
    public static LinearParams Linear(DeployGraph graph, DeployOp op, QuantizedModelReader model)
    {
        var l = (LinearOp)op.Op;
        return new LinearParams(l.InFeatures, l.OutFeatures, model.InputOffset(In(graph, op)), model.ZeroPoint(Out(graph, op)),
            model.ActMin(Out(graph, op), op.FusedRelu), sbyte.MaxValue);
    }

    /// <summary>The weights, bias and requantisation of a conv or linear op.</summary>
    public static WeightedTables Weighted(DeployGraph graph, DeployOp op, QuantizedModelReader model) =>
        model.Weighted(op.Name, DeployOpLayout.WeightCount(op), DeployOpLayout.OutChannels(op), DeployOpLayout.HasBias(graph, op));

    /// <summary>The requantisation of a residual add.</summary>
    public static AddParams Add(DeployGraph graph, DeployOp op, QuantizedModelReader model) =>
        model.Add(op.Name, graph.Tensor(op.Inputs[0]).Name, graph.Tensor(op.Inputs[1]).Name, Out(graph, op), op.FusedRelu);

    /// <summary>The residual-VQ tables.</summary>
    public static RvqTables Rvq(DeployGraph graph, DeployOp op, QuantizedModelReader model)
    {
        var q = (ResidualVqOp)op.Op;
        return model.Rvq(op.Name, In(graph, op), q.NumQuantizers, q.CodebookSize, q.Dimension);
    }

    /// <summary>An unfused ReLU: clamp at the input's zero point (input and output share the quantisation).</summary>
    public static (int ActMin, int ActMax) Clamp(DeployGraph graph, DeployOp op, QuantizedModelReader model) =>
        (model.ActMin(In(graph, op), relu: true), sbyte.MaxValue);

    /// <summary>A 1-D pool, stride = kernel.</summary>
    public static Pool1dParams Pool1d(DeployGraph graph, DeployOp op)
    {
        var p = (PoolOp)op.Op;
        return new Pool1dParams(graph.Tensor(op.Inputs[0]).Shape[0], p.KernelW, p.KernelW, sbyte.MinValue, sbyte.MaxValue);
    }

    /// <summary>A 2-D pool, stride = kernel.</summary>
    public static Pool2dParams Pool2d(DeployGraph graph, DeployOp op, int frames = 1)
    {
        var p = (PoolOp)op.Op;
        var s = graph.Tensor(op.Inputs[0]).Shape;
        return new Pool2dParams(s[0], s[1], s[2] * frames, p.KernelH, p.KernelW, p.KernelH, p.KernelW, sbyte.MinValue, sbyte.MaxValue);
    }

    /// <summary>The channels-last form of a permute.</summary>
    public static PermuteParams Permute(DeployGraph graph, DeployOp op)
    {
        var l = DeployOpLayout.Permute(graph, op);
        return new PermuteParams(l.OutDims[0], l.OutDims[1], l.OutDims[2], l.OutDims[3], l.InStrides[0], l.InStrides[1], l.InStrides[2], l.InStrides[3]);
    }

    /// <summary>Softmax over the op's whole (flat) input.</summary>
    public static SoftmaxParams Softmax(DeployGraph graph, DeployOp op) => new(graph.Tensor(op.Output).Elements);

    private static string In(DeployGraph graph, DeployOp op) => graph.Tensor(op.Inputs[0]).Name;

    private static string Out(DeployGraph graph, DeployOp op) => graph.Tensor(op.Output).Name;
}
