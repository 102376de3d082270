using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Ir
{
    /// <summary>
    /// One operator of the IR, fully resolved (input channels and paddings known). Each operator is one class in
    /// its own file with the same duties: check and infer shapes, count its parameters and work, describe itself
    /// canonically (that text feeds the structure hash, so it must never depend on anything but the attributes).
    /// Shapes exclude the batch axis: (C, T) for 1-D signals, (C, H, W) for 2-D, (F) for features.
    /// </summary>
    public abstract class Op
    {
        /// <summary>Short lower-case operator name, also the default node-name stem.</summary>
        public abstract string Kind { get; }

        /// <summary>Number of tensor inputs.</summary>
        public virtual int Arity => 1;

        /// <summary>Checks the input shapes and returns the output shape; throws <see cref="DslException"/> on misuse.</summary>
        public abstract int[] InferShape(IReadOnlyList<int[]> inputs);

        /// <summary>Trainable parameters as PyTorch's <c>parameters()</c> counts them (BatchNorm running stats excluded).</summary>
        public virtual long ParameterCount => 0;

        /// <summary>Multiply-accumulates for one inference on the given shapes.</summary>
        public virtual long Macs(IReadOnlyList<int[]> inputs, int[] output) => 0;

        /// <summary>
        /// FLOPs the way the ACDNet reference calculator counts them (convs as MACs, pools kh*kw per output,
        /// ReLU/Softmax one per element, BatchNorm free); see shared/REFERENCE.md section 1.
        /// </summary>
        public virtual long ReferenceFlops(IReadOnlyList<int[]> inputs, int[] output) => 0;

        /// <summary>How the op moves along the time (last) axis, for receptive field and latency.</summary>
        public virtual TimeAxisEffect TimeAxis => TimeAxisEffect.Identity;

        /// <summary>Canonical attribute text, e.g. <c>in=1 out=8 k=7 s=1 d=1 g=1 pad=causal bias=1</c>.</summary>
        public abstract string Describe();

        /// <summary>True for ops whose output may overwrite their first input (pure elementwise).</summary>
        public virtual bool IsElementwise => false;

        public override string ToString() => Kind + " " + Describe();
    }
}
