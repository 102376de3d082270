using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// A plausible quantised model from a seed, for tests of the int8 path without a trained checkpoint. Float weights
/// are drawn ~N(0, 1/sqrt(fan-in)) and quantised with the real export helpers; each activation's range is set from
/// a rough RMS propagated through the graph (about +-4.5 RMS), so activations use the int8 range without saturating
/// and every kernel sees non-trivial values; the layer feeding a softmax is scaled to logits of RMS
/// <see cref="LogitRms"/> so that class scores differ. Deterministic for a seed.
/// </summary>
public static class SeededQuantizedModel
{
    /// <summary>RMS of the PCM the ranges are sized for (real units, full scale 1): about -12 dBFS.</summary>
    public const double InputRms = 0.25;

    /// <summary>RMS of the logits a softmax sees, about what a trained classifier produces.</summary>
    public const double LogitRms = 2.0;

    /// <summary>Builds the model of <paramref name="graph"/> from <paramref name="seed"/>.</summary>
    public static QuantizedModel Create(DeployGraph graph, int seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var b = new Builder(graph, new SeededRandom(seed));
        if (DeployOpLayout.ReadsPcm(graph)) b.AddPcm();
        foreach (var op in graph.Ops) b.Add(op);
        return new QuantizedModel
        {
            ModelId = graph.ModelId,
            Variant = graph.Variant,
            StructureHash = GraphPrinter.StructureHash(graph.Source),
            Activations = b.Activations,
            Ops = b.Ops,
        };
    }

    private sealed class Builder(DeployGraph graph, SeededRandom random)
    {
        private readonly Dictionary<int, double> _rms = new();

        public Dictionary<string, ActivationQuantization> Activations { get; } = new();
        public Dictionary<string, OpTables> Ops { get; } = new();

        /// <summary>The int16 PCM a first conv reads as it is.</summary>
        public void AddPcm() => Set(graph.Tensor(graph.PcmInput), QuantizationParameters.Pcm16, InputRms);

        public void Add(DeployOp op)
        {
            var input = graph.Tensor(op.Inputs[0]);
            var output = graph.Tensor(op.Output);
            switch (op.Kind)
            {
                case DeployOpKind.QuantizeInput:
                    double full = random.Uniform(0.6, 1.0);
                    var qin = Set(output, QuantizationParameters.ChooseActivationQuantization((float)-full, (float)full), InputRms);
                    var pcm = QuantizePcmParams.For(qin);
                    Ops[op.Name] = new OpTables { Multiplier = [pcm.Multiplier], Shift = [pcm.Shift] };
                    break;
                case DeployOpKind.Conv1d:
                case DeployOpKind.Conv2d:
                case DeployOpKind.ConvTranspose1d:
                case DeployOpKind.Linear:
                    AddWeighted(op, input, output);
                    break;
                case DeployOpKind.Lookup:
                    AddLookup(op, input, output);
                    break;
                case DeployOpKind.Relu:
                    Set(output, Activation(input), _rms[input.Id] / Math.Sqrt(2));
                    Ops[op.Name] = new OpTables();
                    break;
                case DeployOpKind.MaxPool:
                    // The maximum of k values sits above their RMS: about 0.8 k^0.3 times it, measured on ReLU outputs.
                    var pool = (PoolOp)op.Op;
                    Set(output, Activation(input), _rms[input.Id] * Math.Max(1.0, 0.8 * Math.Pow(pool.KernelH * pool.KernelW, 0.3)));
                    Ops[op.Name] = new OpTables();
                    break;
                case DeployOpKind.AvgPool:
                case DeployOpKind.Permute:
                    Set(output, Activation(input), _rms[input.Id]);
                    Ops[op.Name] = new OpTables();
                    break;
                case DeployOpKind.Add:
                    var other = graph.Tensor(op.Inputs[1]);
                    double rms = Math.Sqrt(_rms[input.Id] * _rms[input.Id] + _rms[other.Id] * _rms[other.Id]);
                    var qadd = SetRange(output, rms, op.FusedRelu);
                    Ops[op.Name] = new OpTables
                    {
                        Add = QuantizationParameters.PrepareAdd(Activation(input), Activation(other), qadd,
                            op.FusedRelu ? qadd.ReluRange.ActMin : sbyte.MinValue, sbyte.MaxValue),
                    };
                    break;
                case DeployOpKind.Softmax:
                    Set(output, new ActivationQuantization(SoftmaxKernel.OutputScale, SoftmaxKernel.OutputZeroPoint), 0.1);
                    Ops[op.Name] = new OpTables { ExpLut = LookupTables.SoftmaxExp(Activation(input).Scale) };
                    break;
                case DeployOpKind.ResidualVq:
                    AddQuantizer(op, input);
                    break;
                default:
                    throw new NotSupportedException($"no seeded tables for {op.Kind} ('{op.Name}')");
            }
        }

        private void AddWeighted(DeployOp op, DeployTensor input, DeployTensor output)
        {
            var qi = Activation(input);
            double rmsIn = _rms[input.Id];
            int channels = DeployOpLayout.OutChannels(op), count = DeployOpLayout.WeightCount(op), perChannel = count / channels;
            // Unit gain keeps the RMS through the layer (He's sqrt(2) before a ReLU, which halves the power); logits
            // get a gain so that the softmax is not flat.
            double gain0 = FeedsSoftmax(op) ? LogitRms / rmsIn : op.FusedRelu ? Math.Sqrt(2) : 1.0;
            double sigma = gain0 / Math.Sqrt(DeployOpLayout.FanIn(op));
            var w = new float[count];
            for (int c = 0; c < channels; c++)
            {
                double gain = random.Uniform(0.7, 1.3);
                for (int i = 0; i < perChannel; i++) w[c * perChannel + i] = (float)(sigma * gain * random.Normal());
            }
            var q = QuantizationParameters.QuantizeWeightsPerChannel(w, channels);
            int[]? bias = null;
            double rmsOut = rmsIn * gain0;
            if (DeployOpLayout.HasBias(graph, op))
            {
                bias = QuantizationParameters.QuantizeBias(random.Normals(channels, 0.3 * rmsOut), qi.Scale, q.Scales);
                rmsOut *= Math.Sqrt(1.09);
            }
            var qo = SetRange(output, rmsOut, op.FusedRelu);
            var multiplier = new int[channels];
            var shift = new int[channels];
            QuantizationParameters.PerChannelMultipliers(qi.Scale, q.Scales, qo.Scale, multiplier, shift);
            Ops[op.Name] = new OpTables { Weights = q.Values, Bias = bias, Multiplier = multiplier, Shift = shift };
        }

        private void AddLookup(DeployOp op, DeployTensor input, DeployTensor output)
        {
            var a = (ActivationOp)op.Op;
            Func<double, double> f = a.Activation switch
            {
                ActivationKind.Elu => x => x >= 0 ? x : a.Alpha * (Math.Exp(x) - 1),
                ActivationKind.LeakyRelu => x => x >= 0 ? x : a.Alpha * x,
                _ => throw new NotSupportedException($"no table for {a.Activation} ('{op.Name}')"),
            };
            var qi = Activation(input);
            double lo = f(qi.Dequantize(sbyte.MinValue)), hi = f(qi.Dequantize(sbyte.MaxValue));
            var qo = Set(output, QuantizationParameters.ChooseActivationQuantization((float)lo, (float)hi), 0.85 * _rms[input.Id]);
            Ops[op.Name] = new OpTables { Lut = LookupTables.BuildS8(f, qi, qo) };
        }

        private void AddQuantizer(DeployOp op, DeployTensor input)
        {
            var q = (ResidualVqOp)op.Op;
            double rms = _rms[input.Id];
            var books = new List<float[]>();
            for (int s = 0; s < q.NumQuantizers; s++) books.Add(random.Normals(q.CodebookSize * q.Dimension, rms * Math.Pow(0.6, s)));
            Ops[op.Name] = new OpTables { Rvq = PrepareRvq(Activation(input), books, q.CodebookSize, q.Dimension) };
        }

        /// <summary>
        /// <see cref="RvqQuantization.Prepare"/>, which refuses dimensions the kernel cannot run; above
        /// <see cref="KernelLimits.MaxRvqDimension"/> the same tables are built here so that such graphs still get a
        /// complete model (their C compiles and their weights export; the C# kernel refuses to run them).
        /// </summary>
        private static RvqTables PrepareRvq(ActivationQuantization embedding, List<float[]> books, int size, int dim)
        {
            const int fracBits = 4;
            if (dim <= KernelLimits.MaxRvqDimension) return RvqQuantization.Prepare(embedding, books, size, dim, fracBits);
            int stages = books.Count, words = size * dim;
            var values = new sbyte[stages * words];
            var offsets = new int[stages];
            var norms = new int[stages * size];
            var multiplier = new int[stages];
            var shift = new int[stages];
            var quantization = new ActivationQuantization[stages];
            for (int s = 0; s < stages; s++)
            {
                var qs = QuantizationParameters.ChooseActivationQuantization(books[s].Min(), books[s].Max());
                quantization[s] = qs;
                offsets[s] = qs.InputOffset;
                for (int i = 0; i < words; i++) values[s * words + i] = qs.Quantize(books[s][i]);
                for (int k = 0; k < size; k++)
                {
                    int norm = 0;
                    for (int i = 0; i < dim; i++)
                    {
                        int w = values[s * words + k * dim + i] + offsets[s];
                        norm += w * w;
                    }
                    norms[s * size + k] = norm;
                }
                double real = s == 0 ? (double)embedding.Scale * (1 << fracBits) / qs.Scale : (double)quantization[s - 1].Scale / qs.Scale;
                QuantizationParameters.QuantizeMultiplier(real, out multiplier[s], out shift[s]);
            }
            return new RvqTables(new RvqParams(stages, size, dim, fracBits, embedding.InputOffset), values, offsets, norms, multiplier, shift, quantization);
        }

        private bool FeedsSoftmax(DeployOp op) =>
            graph.Ops.Any(o => o.Kind == DeployOpKind.Softmax && o.Inputs[0] == op.Output);

        /// <summary>About +-4.5 RMS, a little asymmetric and jittered; [0, 4.5 RMS] behind a fused ReLU.</summary>
        private ActivationQuantization SetRange(DeployTensor output, double rms, bool relu)
        {
            double hi = 4.5 * rms * random.Uniform(0.85, 1.2);
            double lo = relu ? 0 : -4.5 * rms * random.Uniform(0.85, 1.2);
            var q = QuantizationParameters.ChooseActivationQuantization((float)lo, (float)hi);
            return Set(output, q, relu ? rms / Math.Sqrt(2) : rms);
        }

        private ActivationQuantization Set(DeployTensor tensor, ActivationQuantization q, double rms)
        {
            Activations[tensor.Name] = q;
            _rms[tensor.Id] = rms;
            return q;
        }

        private ActivationQuantization Activation(DeployTensor tensor) => Activations[tensor.Name];
    }
}
