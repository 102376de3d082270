using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Runtime;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Training.Calibration;

namespace NeuralAudio.Training.Quantization;

/// <summary>
/// Post-training quantisation of a deployed graph to the TFLite int8 scheme the kernels implement
/// (shared/REFERENCE.md section 4, <c>na_kernels.h</c>):
/// <list type="bullet">
/// <item>activations: asymmetric int8 per tensor from the calibrated range of the tensor's last source node, widened
/// to contain 0 so that zero is exact (<see cref="QuantizationParameters.ChooseActivationQuantization"/>); pools,
/// ReLU and permute keep their input's quantisation; softmax outputs scale 1/256, zero point -128;</item>
/// <item>weights: symmetric int8 per output channel after BatchNorm folding; bias int32 at input scale x weight scale;
/// per-channel Q31 multipliers and shifts; a fused ReLU clamps at the output zero point;</item>
/// <item>ELU / LeakyReLU: a 256-entry table whose output range is the function of the input's whole int8 range
/// (monotonic, so nothing the table can produce clips);</item>
/// <item>residual add: TFLite's add parameters; softmax: the exp table; residual VQ: per-stage int8 codebooks and
/// rescalings for the embedding's quantisation;</item>
/// <item>the int16 PCM input: read as it is (1/32768, zero point 0) by a first conv1d (every encoder's); quantised for any
/// other first layer, at full scale (1/128, zero point 0) or the calibrated range (<see cref="InputRange"/>).</item>
/// </list>
/// Fails with <see cref="QuantizationException"/> when an op's fan-in could overflow the int32 accumulator
/// (taps x input channels per group x 255 x 127, or x 32768 x 127 for int16 PCM, must stay below 2^31); a bias that would not fit next to the largest
/// dot product widens that channel's weight scale instead.
/// </summary>
public static class PostTrainingQuantizer
{
    /// <summary>The integer tables of <paramref name="graph"/> for the folded float weights and calibrated ranges.</summary>
    public static QuantizedModel Quantize(DeployGraph graph, FoldedWeights weights, CalibrationResult calibration, QuantizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(calibration);
        options ??= new QuantizerOptions();
        var structureHash = GraphPrinter.StructureHash(graph.Source);
        if (GraphPrinter.StructureHash(calibration.Graph) != structureHash)
            throw new ArgumentException("the calibration was recorded on another graph structure", nameof(calibration));

        var quant = new Dictionary<int, ActivationQuantization>();
        var tables = new Dictionary<string, OpTables>();
        if (DeployOpLayout.ReadsPcm(graph)) quant[graph.PcmInput] = QuantizationParameters.Pcm16;
        foreach (var op in graph.Ops)
        {
            var output = graph.Tensor(op.Output);
            ActivationQuantization In(int i = 0) => quant[op.Inputs[i]];
            ActivationQuantization Calibrated() => Choose(calibration, graph, output);
            switch (op.Kind)
            {
                case DeployOpKind.QuantizeInput:
                {
                    var q = options.Input == InputRange.FullScale
                        ? new ActivationQuantization(1f / 128, 0)
                        : Calibrated();
                    quant[op.Output] = q;
                    var p = QuantizePcmParams.For(q);
                    tables[op.Name] = new OpTables { Multiplier = new[] { p.Multiplier }, Shift = new[] { p.Shift } };
                    break;
                }
                case DeployOpKind.Conv1d:
                case DeployOpKind.Conv2d:
                case DeployOpKind.ConvTranspose1d:
                case DeployOpKind.Linear:
                {
                    var q = Calibrated();
                    quant[op.Output] = q;
                    tables[op.Name] = Weighted(graph, op, Layer(weights, graph, op), In(), q, DeployOpLayout.ReadsPcm(graph, op));
                    break;
                }
                case DeployOpKind.Lookup:
                {
                    var activation = (ActivationOp)op.Op;
                    Func<double, double> f = activation.Activation == ActivationKind.Elu
                        ? x => x >= 0 ? x : activation.Alpha * (Math.Exp(x) - 1)
                        : x => x >= 0 ? x : activation.Alpha * x;
                    var input = In();
                    double lo = f(input.Dequantize(sbyte.MinValue)), hi = f(input.Dequantize(sbyte.MaxValue));
                    var q = QuantizationParameters.ChooseActivationQuantization((float)Math.Min(lo, hi), (float)Math.Max(lo, hi));
                    quant[op.Output] = q;
                    var lut = activation.Activation == ActivationKind.Elu
                        ? LookupTables.Elu(input.Scale, input.ZeroPoint, q.Scale, q.ZeroPoint, activation.Alpha)
                        : LookupTables.BuildS8(f, input, q);
                    tables[op.Name] = new OpTables { Lut = lut };
                    break;
                }
                case DeployOpKind.Add:
                {
                    var q = Calibrated();
                    quant[op.Output] = q;
                    var (actMin, actMax) = op.FusedRelu ? q.ReluRange : ActivationQuantization.FullRange;
                    tables[op.Name] = new OpTables { Add = QuantizationParameters.PrepareAdd(In(0), In(1), q, actMin, actMax) };
                    break;
                }
                case DeployOpKind.Softmax:
                    quant[op.Output] = new ActivationQuantization(SoftmaxKernel.OutputScale, SoftmaxKernel.OutputZeroPoint);
                    tables[op.Name] = new OpTables { ExpLut = LookupTables.SoftmaxExp(In().Scale) };
                    break;
                case DeployOpKind.ResidualVq:
                {
                    var rvq = (ResidualVqOp)op.Op;
                    if (!weights.Codebooks.TryGetValue(op.Name, out var books))
                        throw new QuantizationException($"no codebooks for residual VQ op '{op.Name}'");
                    tables[op.Name] = new OpTables { Rvq = Rvq(In(), books, rvq, options.RvqFracBits) };
                    break;
                }
                case DeployOpKind.MaxPool:
                case DeployOpKind.AvgPool:
                case DeployOpKind.Relu:
                case DeployOpKind.Permute:
                    quant[op.Output] = In();
                    tables[op.Name] = new OpTables();
                    break;
                default:
                    throw new QuantizationException($"op '{op.Name}': no quantisation rule for kernel {op.Kind}");
            }
            // A conv's window scratch holds its input's values (padding is the input zero point).
            if (op.Scratch is { } scratch && graph.Tensor(scratch).ElementType == DeployElementType.Int8)
                quant[scratch] = In();
        }

        var activations = new Dictionary<string, ActivationQuantization>();
        foreach (var tensor in graph.Tensors)
            if (DeployOpLayout.IsQuantised(graph, tensor) && quant.TryGetValue(tensor.Id, out var q))
                activations[tensor.Name] = q;
        return new QuantizedModel
        {
            ModelId = graph.ModelId,
            Variant = graph.Variant,
            StructureHash = structureHash,
            Activations = activations,
            Ops = tables,
        };
    }

    private static ActivationQuantization Choose(CalibrationResult calibration, DeployGraph graph, DeployTensor tensor)
    {
        TensorRange range;
        try
        {
            range = calibration.Range(tensor.SourceNode);
        }
        catch (KeyNotFoundException e)
        {
            throw new QuantizationException($"{graph.ModelId}/{graph.Variant}: tensor '{tensor.Name}' has no calibrated range: {e.Message}", e);
        }
        return QuantizationParameters.ChooseActivationQuantization(range.Min, range.Max);
    }

    private static FoldedLayer Layer(FoldedWeights weights, DeployGraph graph, DeployOp op) =>
        weights.Layers.TryGetValue(op.Name, out var layer)
            ? layer
            : throw new QuantizationException($"{graph.ModelId}/{graph.Variant}: no weights for op '{op.Name}'");

    /// <summary>
    /// Per-channel int8 weights, int32 bias and requantisation of a conv, transposed conv or linear;
    /// <paramref name="readsPcm"/>: the op reads int16 PCM (products up to 32768 x 127) rather than int8 (255 x 127).
    /// </summary>
    private static OpTables Weighted(DeployGraph graph, DeployOp op, FoldedLayer layer, ActivationQuantization input, ActivationQuantization output, bool readsPcm)
    {
        int maxFanIn = readsPcm ? QuantizationParameters.MaxPcmFanIn : QuantizationParameters.MaxFanIn;
        long maxInput = readsPcm ? 32768 : 255;
        if (layer.FanIn > maxFanIn)
            throw new QuantizationException(
                $"{graph.ModelId}/{graph.Variant}: op '{op.Name}' sums {layer.FanIn} products (taps x input channels per group) into one " +
                $"int32 accumulator; more than {maxFanIn} could overflow ({maxInput} x 127 per product, na_kernels.h). " +
                "Split the layer or reduce its kernel or channels.");
        var perChannel = QuantizationParameters.QuantizeWeightsPerChannel(layer.Weights, layer.OutChannels);
        var values = perChannel.Values;
        var scales = perChannel.Scales;
        // The accumulator adds the bias to at most FanIn * maxInput * 127; keep their sum inside int32 by widening the
        // weight scale of a channel whose bias is huge next to its weights (e.g. a BatchNorm with gamma near 0).
        long headroom = QuantizationParameters.BiasHeadroom(layer.FanIn, readsPcm);
        int length = layer.Weights.Length / layer.OutChannels;
        for (int c = 0; c < layer.OutChannels; c++)
        {
            double biasSteps = Math.Abs(layer.Bias[c] / ((double)input.Scale * scales[c]));
            if (biasSteps <= headroom) continue;
            scales[c] = (float)(Math.Abs(layer.Bias[c]) / ((double)input.Scale * headroom) * 1.0001);
            for (int i = 0; i < length; i++)
                values[c * length + i] = (sbyte)Math.Clamp(Math.Round(layer.Weights[c * length + i] / (double)scales[c], MidpointRounding.AwayFromZero), -127, 127);
        }
        var bias = QuantizationParameters.QuantizeBias(layer.Bias, input.Scale, scales);
        var multiplier = new int[layer.OutChannels];
        var shift = new int[layer.OutChannels];
        QuantizationParameters.PerChannelMultipliers(input.Scale, scales, output.Scale, multiplier, shift);
        // Kernels get a bias only where the IR op has one or a BatchNorm was folded in (the layout every emitter shares).
        return new OpTables { Weights = values, Bias = DeployOpLayout.HasBias(graph, op) ? bias : null, Multiplier = multiplier, Shift = shift };
    }

    /// <summary>RVQ tables; the residual's fractional bits drop where the first stage's int16 residual could saturate.</summary>
    private static RvqTables Rvq(ActivationQuantization embedding, IReadOnlyList<float[]> books, ResidualVqOp rvq, int fracBits)
    {
        var first = books[0];
        var c0 = QuantizationParameters.ChooseActivationQuantization(first.Min(), first.Max());
        while (fracBits > 0 && 255.0 * embedding.Scale * (1 << fracBits) / c0.Scale > short.MaxValue) fracBits--;
        return RvqQuantization.Prepare(embedding, books, rvq.CodebookSize, rvq.Dimension, fracBits);
    }
}
