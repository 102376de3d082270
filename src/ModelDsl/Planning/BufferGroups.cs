using System;
using System.Collections.Generic;
using System.Linq;

namespace NeuralAudio.ModelDsl.Planning
{
    /// <summary>
    /// Tensors merged through their in-place links into buffers: a chain A &lt;- B &lt;- C (B in place of A, C in
    /// place of B) is one buffer as large as its largest member, live over the union of the members' lifetimes.
    /// Shared by the planner (which places buffers) and <see cref="BufferPlan"/> (lower bound, validation).
    /// </summary>
    internal sealed class BufferGroups
    {
        private BufferGroups(IReadOnlyList<PlanTensor> tensors, List<Group> groups, int[] groupOf, List<string> errors, int stepCount)
        {
            Tensors = tensors; Groups = groups; GroupOf = groupOf; Errors = errors; StepCount = stepCount;
        }

        public IReadOnlyList<PlanTensor> Tensors { get; }
        public List<Group> Groups { get; }

        /// <summary>Group index of each tensor, by tensor index.</summary>
        public int[] GroupOf { get; }

        /// <summary>Illegal in-place links (ignored: such a tensor gets a buffer of its own).</summary>
        public List<string> Errors { get; }

        /// <summary>Last step of any tensor plus one.</summary>
        public int StepCount { get; }

        public sealed class Group
        {
            public Group(int index) { Index = index; }
            public int Index { get; }
            public List<int> Members { get; } = new List<int>();
            public long Size { get; set; }
            public long AlignedSize { get; set; }
            public int First { get; set; } = int.MaxValue;
            public int Last { get; set; } = -1;
            public bool Overlaps(Group other) => First <= other.Last && other.First <= Last;
        }

        public static long AlignUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

        public static BufferGroups Build(IReadOnlyList<PlanTensor> tensors, int alignment)
        {
            if (tensors == null) throw new ArgumentNullException(nameof(tensors));
            if (alignment < 1) throw new ArgumentOutOfRangeException(nameof(alignment), "alignment must be at least 1");
            var errors = new List<string>();
            var index = new Dictionary<int, int>();
            for (int i = 0; i < tensors.Count; i++)
            {
                if (index.ContainsKey(tensors[i].Id))
                    throw new ArgumentException($"tensor id {tensors[i].Id} appears twice", nameof(tensors));
                index.Add(tensors[i].Id, i);
            }

            var parent = Enumerable.Range(0, tensors.Count).ToArray();
            int Find(int x)
            {
                while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
                return x;
            }

            var takenBy = new Dictionary<int, int>();
            for (int i = 0; i < tensors.Count; i++)
            {
                var t = tensors[i];
                if (!t.InPlaceOf.HasValue) continue;
                if (!index.TryGetValue(t.InPlaceOf.Value, out var j))
                {
                    errors.Add($"{t.Name} is in place of unknown tensor #{t.InPlaceOf.Value}");
                    continue;
                }
                var src = tensors[j];
                if (src.LastStep != t.FirstStep)
                    errors.Add($"{t.Name} [{t.FirstStep}..{t.LastStep}] is in place of {src.Name} [{src.FirstStep}..{src.LastStep}], which does not die at step {t.FirstStep}");
                else if (src.SizeBytes < t.SizeBytes)
                    errors.Add($"{t.Name} ({t.SizeBytes} B) is in place of the smaller {src.Name} ({src.SizeBytes} B)");
                else if (takenBy.TryGetValue(j, out var other))
                    errors.Add($"{t.Name} and {tensors[other].Name} are both in place of {src.Name}");
                else if (Find(i) == Find(j))
                    errors.Add($"{t.Name} in place of {src.Name} closes a cycle");
                else
                {
                    takenBy.Add(j, i);
                    parent[Find(i)] = Find(j);
                }
            }

            var groups = new List<Group>();
            var groupOfRoot = new Dictionary<int, int>();
            var groupOf = new int[tensors.Count];
            int stepCount = 0;
            for (int i = 0; i < tensors.Count; i++)
            {
                int root = Find(i);
                if (!groupOfRoot.TryGetValue(root, out var g))
                {
                    g = groups.Count;
                    groupOfRoot.Add(root, g);
                    groups.Add(new Group(g));
                }
                groupOf[i] = g;
                var group = groups[g];
                var t = tensors[i];
                group.Members.Add(i);
                group.Size = Math.Max(group.Size, t.SizeBytes);
                group.First = Math.Min(group.First, t.FirstStep);
                group.Last = Math.Max(group.Last, t.LastStep);
                stepCount = Math.Max(stepCount, t.LastStep + 1);
            }
            foreach (var group in groups)
                group.AlignedSize = AlignUp(group.Size, alignment);
            return new BufferGroups(tensors, groups, groupOf, errors, stepCount);
        }

        /// <summary>Sum of the (aligned or raw) sizes of the buffers live at each step.</summary>
        public long[] LiveSums(bool aligned)
        {
            var delta = new long[StepCount + 1];
            foreach (var g in Groups)
            {
                long size = aligned ? g.AlignedSize : g.Size;
                delta[g.First] += size;
                delta[g.Last + 1] -= size;
            }
            var sums = new long[StepCount];
            long running = 0;
            for (int s = 0; s < StepCount; s++)
            {
                running += delta[s];
                sums[s] = running;
            }
            return sums;
        }

        /// <summary>The largest live sum and the first step that reaches it.</summary>
        public (long Bytes, int Step) LowerBound(bool aligned)
        {
            var sums = LiveSums(aligned);
            long best = 0;
            int step = 0;
            for (int s = 0; s < sums.Length; s++)
                if (sums[s] > best) { best = sums[s]; step = s; }
            return (best, step);
        }
    }
}
