using System;
using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Emit.C
{
    /// <summary>
    /// What a deployed op means at kernel level, derived from the structure alone: its constant arrays, whether it
    /// has a bias, the window of a padded conv1d, the memory form of a permute. The C emitter, the C# int8 emitter,
    /// the runtime interpreter and the weights exporter all read it, so they cannot disagree on a size.
    /// </summary>
    public static class DeployOpLayout
    {
        /// <summary>
        /// True when the kernel call gets a bias: the IR op has one, or a BatchNorm was folded into it (its shift
        /// becomes the bias).
        /// </summary>
        public static bool HasBias(DeployGraph graph, DeployOp op)
        {
            bool own = op.Op switch
            {
                Conv1dOp c => c.Bias,
                Conv2dOp c => c.Bias,
                ConvTranspose1dOp c => c.Bias,
                LinearOp l => l.Bias,
                _ => false,
            };
            return own || op.SourceNodes.Any(id => graph.Source.Nodes[id].Op is BatchNormOp);
        }

        /// <summary>Output channels of a conv or linear op (the length of its per-channel arrays).</summary>
        public static int OutChannels(DeployOp op) => op.Op switch
        {
            Conv1dOp c => c.OutChannels,
            Conv2dOp c => c.OutChannels,
            ConvTranspose1dOp c => c.OutChannels,
            LinearOp l => l.OutFeatures,
            _ => throw new ArgumentException($"'{op.Name}' ({op.Kind}) has no output channels"),
        };

        /// <summary>int8 weight count in the kernel layout (OHWI; transposed conv [out][k][in]).</summary>
        public static int WeightCount(DeployOp op) => op.Op switch
        {
            Conv1dOp c => c.OutChannels * c.Kernel * (c.InChannels / c.Groups),
            Conv2dOp c => c.OutChannels * c.KernelH * c.KernelW * (c.InChannels / c.Groups),
            ConvTranspose1dOp c => c.OutChannels * c.Kernel * c.InChannels,
            LinearOp l => l.OutFeatures * l.InFeatures,
            _ => throw new ArgumentException($"'{op.Name}' ({op.Kind}) has no weights"),
        };

        /// <summary>Accumulator fan-in (taps x input channels per group): must stay below the int32 limit.</summary>
        public static long FanIn(DeployOp op) => op.Op switch
        {
            Conv1dOp c => (long)c.Kernel * (c.InChannels / c.Groups),
            Conv2dOp c => (long)c.KernelH * c.KernelW * (c.InChannels / c.Groups),
            ConvTranspose1dOp c => ((c.Kernel + c.Stride - 1) / c.Stride) * (long)c.InChannels,
            LinearOp l => l.InFeatures,
            _ => 0,
        };

        /// <summary>True for the kernels that multiply by weights and requantise per output channel.</summary>
        public static bool IsWeighted(DeployOpKind kind) =>
            kind == DeployOpKind.Conv1d || kind == DeployOpKind.Conv2d || kind == DeployOpKind.ConvTranspose1d || kind == DeployOpKind.Linear;

        /// <summary>The op's constant arrays in declaration order (empty for pools and permutes).</summary>
        public static IReadOnlyList<WeightArray> Arrays(DeployGraph graph, DeployOp op)
        {
            var arrays = new List<WeightArray>();
            if (IsWeighted(op.Kind))
            {
                int channels = OutChannels(op);
                arrays.Add(new WeightArray(WeightRole.Weights, "weights", true, WeightCount(op)));
                if (HasBias(graph, op)) arrays.Add(new WeightArray(WeightRole.Bias, "bias", false, channels));
                arrays.Add(new WeightArray(WeightRole.Multiplier, "multiplier", false, channels));
                arrays.Add(new WeightArray(WeightRole.Shift, "shift", false, channels));
            }
            else if (op.Kind == DeployOpKind.Lookup)
                arrays.Add(new WeightArray(WeightRole.Lut, "lut", true, 256));
            else if (op.Kind == DeployOpKind.Relu)
                arrays.Add(new WeightArray(WeightRole.Clamp, "clamp", false, 2));
            else if (op.Kind == DeployOpKind.Softmax)
                arrays.Add(new WeightArray(WeightRole.ExpLut, "exp_lut", false, 256));
            else if (op.Kind == DeployOpKind.ResidualVq)
            {
                var q = (ResidualVqOp)op.Op;
                arrays.Add(new WeightArray(WeightRole.Codebooks, "codebooks", true, q.NumQuantizers * q.CodebookSize * q.Dimension));
                arrays.Add(new WeightArray(WeightRole.CodebookOffsets, "codebook_offsets", false, q.NumQuantizers));
                arrays.Add(new WeightArray(WeightRole.Norms, "norms", false, q.NumQuantizers * q.CodebookSize));
                arrays.Add(new WeightArray(WeightRole.Multiplier, "multiplier", false, q.NumQuantizers));
                arrays.Add(new WeightArray(WeightRole.Shift, "shift", false, q.NumQuantizers));
            }
            return arrays;
        }

        /// <summary>
        /// The C type of the op's params struct when it holds quantisation data (it is then defined in the weights
        /// file), else null: pools, permutes and softmax have structural params only, emitted as static constants.
        /// </summary>
        public static string? DataParamsType(DeployOpKind kind) => kind switch
        {
            DeployOpKind.QuantizeInput => "na_quantize_pcm_params",
            DeployOpKind.Conv1d => "na_conv1d_params",
            DeployOpKind.Conv2d => "na_conv2d_params",
            DeployOpKind.ConvTranspose1d => "na_conv_transpose1d_params",
            DeployOpKind.Linear => "na_linear_params",
            DeployOpKind.Add => "na_add_params",
            DeployOpKind.ResidualVq => "na_rvq_params",
            _ => null,
        };

        /// <summary>Bytes of every constant array of the graph (params structs excluded).</summary>
        public static long WeightBytes(DeployGraph graph) => graph.Ops.Sum(op => Arrays(graph, op).Sum(a => a.Bytes));

        /// <summary>True for the conv1d that reads the int16 PCM input itself (<c>na_conv1d_pcm_s16</c>).</summary>
        public static bool ReadsPcm(DeployGraph graph, DeployOp op) => op.Kind == DeployOpKind.Conv1d && op.Inputs[0] == graph.PcmInput;

        /// <summary>True when the graph's first conv1d reads the int16 PCM itself (no quantise op).</summary>
        public static bool ReadsPcm(DeployGraph graph) => graph.Ops.Any(op => ReadsPcm(graph, op));

        /// <summary>
        /// True for a tensor with a scale and zero point in the quantised model: every int8 activation, and the PCM
        /// where a conv reads it as it is (1/32768, 0).
        /// </summary>
        public static bool IsQuantised(DeployGraph graph, DeployTensor tensor) =>
            tensor.ElementType == DeployElementType.Int8 || (tensor.Id == graph.PcmInput && ReadsPcm(graph));

        /// <summary>The window of a conv1d that has one (<see cref="DeployOp.Scratch"/>), for one step; else null.</summary>
        public static Conv1dWindow? Window(DeployGraph graph, DeployOp op)
        {
            if (op.Kind != DeployOpKind.Conv1d || !op.Scratch.HasValue) return null;
            var c = (Conv1dOp)op.Op;
            int input = graph.Tensor(op.Inputs[0]).Shape[1];
            var window = graph.Streaming
                ? new Conv1dWindow(c.InChannels, op.State?.Samples ?? c.PadLeft, input, 0, op.State != null)
                : new Conv1dWindow(c.InChannels, c.PadLeft, input, c.PadRight, false);
            var scratch = graph.Tensor(op.Scratch.Value);
            if (scratch.Shape.Length != 2 || scratch.Shape[0] != window.Channels || scratch.Shape[1] != window.Length)
                throw new InvalidOperationException(
                    $"'{op.Name}': window scratch is {string.Join("x", scratch.Shape)}, the kernel needs {window.Channels}x{window.Length}");
            return window;
        }

        /// <summary>The channels-last form of a permute op.</summary>
        public static PermuteLayout Permute(DeployGraph graph, DeployOp op) =>
            PermuteLayout.For(graph.Tensor(op.Inputs[0]).Shape, ((PermuteOp)op.Op).Dims);

        /// <summary>Samples along the time (last) axis of a (C, T) tensor for one step.</summary>
        public static int Time(DeployTensor tensor) => tensor.Shape[tensor.Shape.Length - 1];

        /// <summary>One-line description of the kernel call for comments, e.g. <c>conv in=8 out=8 k=7 ... +relu</c>.</summary>
        public static string Describe(DeployOp op)
        {
            if (op.Kind == DeployOpKind.QuantizeInput) return "quantise int16 pcm";
            string attrs = op.Op.Describe();
            return op.Op.Kind + (attrs.Length > 0 ? " " + attrs : "") + (op.FusedRelu ? " +relu" : "");
        }

        /// <summary>Shape text for comments, e.g. <c>8x256</c>.</summary>
        public static string ShapeText(DeployTensor tensor) => string.Join("x", tensor.Shape);

        /// <summary>The residual-VQ op of an encoder, or null.</summary>
        public static ResidualVqOp? Quantizer(DeployGraph graph) =>
            graph.Ops.Where(o => o.Kind == DeployOpKind.ResidualVq).Select(o => (ResidualVqOp)o.Op).FirstOrDefault();

        /// <summary>Classes of a classifier: the element count of its output.</summary>
        public static int Classes(DeployGraph graph) => graph.Tensor(graph.Output).Elements;
    }
}
