using System;
using System.Collections.Generic;
using System.Linq;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.ModelDsl.Emit
{
    /// <summary>
    /// How to construct the TorchSharp module of one stateful node (convs, batch norm, linear, dropout, RVQ).
    /// This is the single construction description: the emitter prints it as C# and the run-time GraphModule
    /// builds from it, so generated and run-time modules cannot drift apart.
    /// </summary>
    public sealed class LayerSpec
    {
        private LayerSpec(string typeName, string factory, params LayerArgument[] arguments)
        {
            TypeName = typeName; Factory = factory; Arguments = arguments;
        }

        /// <summary>Short type name of the module (<c>PaddedConv1d</c>, <c>BatchNorm1d</c>...), resolved through the emitted usings.</summary>
        public string TypeName { get; }

        /// <summary>The call that creates it: <c>new PaddedConv1d</c> or a TorchSharp factory such as <c>nn.BatchNorm1d</c>.</summary>
        public string Factory { get; }

        /// <summary>Named arguments in declaration order.</summary>
        public IReadOnlyList<LayerArgument> Arguments { get; }

        /// <summary>The construction expression, e.g. <c>new PaddedConv1d(inChannels: 8, ..., padRight: 0)</c>.</summary>
        public string ToCSharp() => Factory + "(" + string.Join(", ", Arguments.Select(a => a.ToString())) + ")";

        public long Long(string name) => Convert.ToInt64(Get(name), System.Globalization.CultureInfo.InvariantCulture);
        public bool Bool(string name) => (bool)Get(name);
        public double Double(string name) => (double)Get(name);

        private object Get(string name)
        {
            foreach (var a in Arguments) if (a.Name == name) return a.Value;
            throw new KeyNotFoundException($"{TypeName} has no argument '{name}'");
        }

        /// <summary>The layer for <paramref name="node"/>, or null when the node is a stateless function (activation, pool, add, reshape...).</summary>
        public static LayerSpec? For(Node node) => node.Op switch
        {
            Conv1dOp c => new LayerSpec("PaddedConv1d", "new PaddedConv1d",
                Arg("inChannels", c.InChannels), Arg("outChannels", c.OutChannels), Arg("kernel", c.Kernel),
                Arg("stride", c.Stride), Arg("dilation", c.Dilation), Arg("groups", c.Groups), Arg("bias", c.Bias),
                Arg("padLeft", c.PadLeft), Arg("padRight", c.PadRight)),
            Conv2dOp c => new LayerSpec("PaddedConv2d", "new PaddedConv2d",
                Arg("inChannels", c.InChannels), Arg("outChannels", c.OutChannels),
                Arg("kernelH", c.KernelH), Arg("kernelW", c.KernelW), Arg("strideH", c.StrideH), Arg("strideW", c.StrideW),
                Arg("dilationH", c.DilationH), Arg("dilationW", c.DilationW), Arg("groups", c.Groups), Arg("bias", c.Bias),
                Arg("padTop", c.PadTop), Arg("padBottom", c.PadBottom), Arg("padLeft", c.PadLeft), Arg("padRight", c.PadRight)),
            ConvTranspose1dOp c => new LayerSpec("CroppedConvTranspose1d", "new CroppedConvTranspose1d",
                Arg("inChannels", c.InChannels), Arg("outChannels", c.OutChannels), Arg("kernel", c.Kernel),
                Arg("stride", c.Stride), Arg("bias", c.Bias), Arg("cropLeft", c.CropLeft), Arg("cropRight", c.CropRight)),
            BatchNormOp b => BatchNorm(node, b),
            LinearOp l => new LayerSpec("Linear", "nn.Linear",
                Arg("inputSize", l.InFeatures), Arg("outputSize", l.OutFeatures), Arg("hasBias", l.Bias)),
            DropoutOp d => new LayerSpec("Dropout", "nn.Dropout", new LayerArgument("p", d.Probability)),
            ResidualVqOp q => new LayerSpec("ResidualVectorQuantizer", "new ResidualVectorQuantizer",
                Arg("numQuantizers", q.NumQuantizers), Arg("codebookSize", q.CodebookSize), Arg("dimension", q.Dimension)),
            _ => null,
        };

        /// <summary>BatchNorm1d over (C, T), BatchNorm2d over (C, H, W): the rank of the node's (batch-free) shape decides.</summary>
        private static LayerSpec BatchNorm(Node node, BatchNormOp b)
        {
            var rank = node.Shape.Length;
            if (rank != 2 && rank != 3)
                throw new DslException(DiagnosticCodes.ShapeMismatch,
                    $"{node.Name}: BatchNorm supports (channels, time) or (channels, height, width), got rank {rank}");
            var type = rank == 2 ? "BatchNorm1d" : "BatchNorm2d";
            return new LayerSpec(type, "nn." + type, Arg("num_features", b.Channels));
        }

        private static LayerArgument Arg(string name, int value) => new LayerArgument(name, (long)value);
        private static LayerArgument Arg(string name, bool value) => new LayerArgument(name, value);
    }
}
