using System;

namespace NeuralAudio.ModelDsl.Planning
{
    /// <summary>
    /// One activation tensor as the buffer planner sees it: a size in bytes and the inclusive range of steps during
    /// which its bytes must stay intact. The planner knows nothing of ops, shapes or element types; a lowering pass
    /// (or <see cref="PlanGraph"/>) computes these facts from its own graph.
    /// </summary>
    public sealed class PlanTensor
    {
        public PlanTensor(int id, string name, long sizeBytes, int firstStep, int lastStep, int? inPlaceOf = null,
            bool isGraphInput = false, bool isGraphOutput = false)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            if (sizeBytes < 0)
                throw new ArgumentOutOfRangeException(nameof(sizeBytes), $"tensor '{name}': size must be >= 0, got {sizeBytes}");
            if (firstStep < 0)
                throw new ArgumentOutOfRangeException(nameof(firstStep), $"tensor '{name}': first step must be >= 0, got {firstStep}");
            if (lastStep < firstStep)
                throw new ArgumentOutOfRangeException(nameof(lastStep),
                    $"tensor '{name}': last step {lastStep} is before its first step {firstStep}");
            if (inPlaceOf == id)
                throw new ArgumentException($"tensor '{name}' cannot be in place of itself", nameof(inPlaceOf));
            Id = id; Name = name; SizeBytes = sizeBytes; FirstStep = firstStep; LastStep = lastStep; InPlaceOf = inPlaceOf;
            IsGraphInput = isGraphInput; IsGraphOutput = isGraphOutput;
        }

        /// <summary>Unique id (for graphs from the IR: the node id).</summary>
        public int Id { get; }

        public string Name { get; }

        public long SizeBytes { get; }

        /// <summary>The step that writes the tensor (0 for a graph input, which is written before the first step).</summary>
        public int FirstStep { get; }

        /// <summary>The last step that reads the tensor (the final step for a graph output).</summary>
        public int LastStep { get; }

        /// <summary>
        /// The tensor whose buffer this one overwrites: set only when the producing step is elementwise and that input
        /// dies at this tensor's first step. The two then share one buffer (same offset).
        /// </summary>
        public int? InPlaceOf { get; }

        public bool IsGraphInput { get; }

        public bool IsGraphOutput { get; }

        public bool IsLiveAt(int step) => FirstStep <= step && step <= LastStep;

        /// <summary>True when the two tensors are live at one step or more.</summary>
        public bool OverlapsInTime(PlanTensor other) => FirstStep <= other.LastStep && other.FirstStep <= LastStep;

        public override string ToString() =>
            $"{Name} #{Id} {SizeBytes} B [{FirstStep}..{LastStep}]" + (InPlaceOf.HasValue ? $" in place of #{InPlaceOf.Value}" : "");
    }
}
