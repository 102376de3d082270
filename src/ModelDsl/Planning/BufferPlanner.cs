using System;
using System.Collections.Generic;
using System.Linq;

namespace NeuralAudio.ModelDsl.Planning
{
    /// <summary>
    /// Static memory planner: places every activation tensor of a deployment graph in one arena.
    /// <list type="number">
    /// <item>In place first: a tensor with <see cref="PlanTensor.InPlaceOf"/> shares its source's buffer; chains of
    /// in-place tensors become one buffer (largest member's size, union of the lifetimes).</item>
    /// <item>Greedy by size (TFLite Micro's GreedyMemoryPlanner): buffers largest first (ties: earlier first use),
    /// each at the lowest offset that does not collide with an already placed buffer whose lifetime overlaps
    /// (first fit over the gaps between those buffers, ordered by offset).</item>
    /// <item>If that arena is above the lower bound, greedy by breadth as well (buffers in order of the steps with
    /// the largest live sum, largest buffer first within a step; same first-fit placement), keeping the smaller
    /// arena (ties keep greedy by size).</item>
    /// </list>
    /// Deterministic: every ordering ends on a total tie-break. Offsets and buffer sizes are multiples of the alignment.
    /// Only activations go in the arena: the streaming state of causal layers lives in its own static struct and weights
    /// in flash, so neither is handed to the planner.
    /// </summary>
    public static class BufferPlanner
    {
        /// <summary>16 bytes: one 128-bit ESP32-S3 SIMD register, so every tensor starts on a vector boundary.</summary>
        public const int DefaultAlignment = 16;

        public const string GreedyBySize = "greedy-by-size";
        public const string GreedyByBreadth = "greedy-by-breadth";

        public static BufferPlan Plan(PlanGraph graph, int alignment = DefaultAlignment)
        {
            if (graph == null) throw new ArgumentNullException(nameof(graph));
            return Plan(graph.Tensors, alignment);
        }

        /// <summary>Plans the tensors with the best of greedy by size and greedy by breadth.</summary>
        public static BufferPlan Plan(IReadOnlyList<PlanTensor> tensors, int alignment = DefaultAlignment)
        {
            var groups = Groups(tensors, alignment);
            var bySize = Place(groups, OrderBySize(groups), out long sizeArena);
            long bound = groups.LowerBound(aligned: true).Bytes;
            if (sizeArena <= bound)
                return Result(groups, bySize, alignment, GreedyBySize);
            var byBreadth = Place(groups, OrderByBreadth(groups), out long breadthArena);
            return breadthArena < sizeArena
                ? Result(groups, byBreadth, alignment, GreedyByBreadth)
                : Result(groups, bySize, alignment, GreedyBySize);
        }

        /// <summary>Greedy by size only (for comparisons and reports).</summary>
        public static BufferPlan PlanBySize(IReadOnlyList<PlanTensor> tensors, int alignment = DefaultAlignment)
        {
            var groups = Groups(tensors, alignment);
            return Result(groups, Place(groups, OrderBySize(groups), out _), alignment, GreedyBySize);
        }

        /// <summary>Greedy by breadth only (for comparisons and reports).</summary>
        public static BufferPlan PlanByBreadth(IReadOnlyList<PlanTensor> tensors, int alignment = DefaultAlignment)
        {
            var groups = Groups(tensors, alignment);
            return Result(groups, Place(groups, OrderByBreadth(groups), out _), alignment, GreedyByBreadth);
        }

        private static BufferGroups Groups(IReadOnlyList<PlanTensor> tensors, int alignment)
        {
            var groups = BufferGroups.Build(tensors, alignment);
            if (groups.Errors.Count > 0)
                throw new ArgumentException("invalid in-place links: " + string.Join("; ", groups.Errors), nameof(tensors));
            return groups;
        }

        private static BufferPlan Result(BufferGroups groups, long[] groupOffsets, int alignment, string strategy)
        {
            var offsets = new Dictionary<int, long>();
            for (int i = 0; i < groups.Tensors.Count; i++)
                offsets.Add(groups.Tensors[i].Id, groupOffsets[groups.GroupOf[i]]);
            return new BufferPlan(groups.Tensors, offsets, alignment, strategy);
        }

        /// <summary>Largest first; ties by first use, then by buffer index.</summary>
        private static List<BufferGroups.Group> OrderBySize(BufferGroups groups)
        {
            var order = groups.Groups.ToList();
            order.Sort((a, b) =>
            {
                int c = b.AlignedSize.CompareTo(a.AlignedSize);
                if (c == 0) c = b.Size.CompareTo(a.Size);
                if (c == 0) c = a.First.CompareTo(b.First);
                if (c == 0) c = a.Index.CompareTo(b.Index);
                return c;
            });
            return order;
        }

        /// <summary>
        /// Steps by descending live sum (ties: earlier step); within a step its live buffers largest first; each
        /// buffer at the first step that lists it.
        /// </summary>
        private static List<BufferGroups.Group> OrderByBreadth(BufferGroups groups)
        {
            var sums = groups.LiveSums(aligned: true);
            var steps = Enumerable.Range(0, sums.Length).ToList();
            steps.Sort((a, b) =>
            {
                int c = sums[b].CompareTo(sums[a]);
                return c != 0 ? c : a.CompareTo(b);
            });
            var bySize = OrderBySize(groups);
            var seen = new bool[groups.Groups.Count];
            var order = new List<BufferGroups.Group>(groups.Groups.Count);
            foreach (var s in steps)
            {
                foreach (var g in bySize)
                {
                    if (seen[g.Index] || g.First > s || g.Last < s) continue;
                    seen[g.Index] = true;
                    order.Add(g);
                }
            }
            foreach (var g in bySize)
                if (!seen[g.Index]) order.Add(g);
            return order;
        }

        /// <summary>First fit: each buffer at the lowest offset clear of every placed buffer it overlaps in time.</summary>
        private static long[] Place(BufferGroups groups, List<BufferGroups.Group> order, out long arena)
        {
            var offsets = new long[groups.Groups.Count];
            var placed = new List<BufferGroups.Group>(order.Count);
            var clash = new List<BufferGroups.Group>();
            arena = 0;
            foreach (var g in order)
            {
                clash.Clear();
                foreach (var p in placed)
                    if (p.Overlaps(g) && p.AlignedSize > 0) clash.Add(p);
                clash.Sort((a, b) =>
                {
                    int c = offsets[a.Index].CompareTo(offsets[b.Index]);
                    return c != 0 ? c : a.Index.CompareTo(b.Index);
                });
                long candidate = 0;
                foreach (var p in clash)
                {
                    long start = offsets[p.Index];
                    if (start >= candidate + g.AlignedSize) break;
                    candidate = Math.Max(candidate, start + p.AlignedSize);
                }
                offsets[g.Index] = candidate;
                placed.Add(g);
                arena = Math.Max(arena, candidate + g.AlignedSize);
            }
            return offsets;
        }
    }
}
