using System;
using System.Collections.Generic;

namespace NeuralAudio.ModelDsl.Planning
{
    /// <summary>
    /// One executed op of a deployment graph: which tensors it reads and writes. Steps are numbered by their position
    /// in the list handed to <see cref="PlanGraph.Build(IReadOnlyList{PlanStep}, IReadOnlyList{PlanTensorSpec}, IReadOnlyList{int}, IReadOnlyList{int})"/>.
    /// </summary>
    public sealed class PlanStep
    {
        /// <param name="opIndex">The caller's own index of the op (node id, kernel call index); only reported.</param>
        /// <param name="name">Op name for reports.</param>
        /// <param name="inputs">Ids of the tensors read, in operand order.</param>
        /// <param name="outputs">Ids of the tensors written.</param>
        /// <param name="elementwise">
        /// True when output element i depends only on input element i of each operand (activations, Add, a folded
        /// requantise), so the kernel may write its output over an input. Convolutions, pools, linear layers and
        /// permutes read inputs while writing outputs and must be false.
        /// </param>
        public PlanStep(int opIndex, string name, IReadOnlyList<int> inputs, IReadOnlyList<int> outputs, bool elementwise = false)
        {
            OpIndex = opIndex;
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
            Outputs = outputs ?? throw new ArgumentNullException(nameof(outputs));
            Elementwise = elementwise;
        }

        public int OpIndex { get; }
        public string Name { get; }
        public IReadOnlyList<int> Inputs { get; }
        public IReadOnlyList<int> Outputs { get; }
        public bool Elementwise { get; }

        public override string ToString() =>
            $"{Name} ({string.Join(", ", Inputs)}) -> ({string.Join(", ", Outputs)})" + (Elementwise ? " elementwise" : "");
    }

    /// <summary>A tensor declared for <see cref="PlanGraph.Build(IReadOnlyList{PlanStep}, IReadOnlyList{PlanTensorSpec}, IReadOnlyList{int}, IReadOnlyList{int})"/>: id, name and size; lifetimes are derived.</summary>
    public sealed class PlanTensorSpec
    {
        public PlanTensorSpec(int id, string name, long sizeBytes)
        {
            if (sizeBytes < 0) throw new ArgumentOutOfRangeException(nameof(sizeBytes), $"tensor '{name}': size must be >= 0");
            Id = id; Name = name ?? throw new ArgumentNullException(nameof(name)); SizeBytes = sizeBytes;
        }

        public int Id { get; }
        public string Name { get; }
        public long SizeBytes { get; }
    }
}
