using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NeuralAudio.ModelDsl.Planning
{
    /// <summary>
    /// Where every tensor lives in one static arena. Built by <see cref="BufferPlanner"/>, or directly from offsets
    /// computed elsewhere (an offline plan), which <see cref="Validate"/> then checks the same way.
    /// </summary>
    public sealed class BufferPlan
    {
        private readonly Dictionary<int, long> _offsets;
        private readonly BufferGroups _groups;

        /// <param name="tensors">The planned tensors, lifetimes and in-place links included.</param>
        /// <param name="offsets">Byte offset of every tensor in the arena, by tensor id.</param>
        /// <param name="alignment">Every offset must be a multiple of it; the arena size is rounded up to it.</param>
        /// <param name="strategy">How the offsets were found, for the report.</param>
        public BufferPlan(IReadOnlyList<PlanTensor> tensors, IReadOnlyDictionary<int, long> offsets,
            int alignment = BufferPlanner.DefaultAlignment, string strategy = "offline")
        {
            if (tensors == null) throw new ArgumentNullException(nameof(tensors));
            if (offsets == null) throw new ArgumentNullException(nameof(offsets));
            _groups = BufferGroups.Build(tensors, alignment);
            Tensors = tensors;
            _offsets = offsets.ToDictionary(kv => kv.Key, kv => kv.Value);
            Alignment = alignment;
            Strategy = strategy ?? "";
            long end = 0;
            foreach (var t in tensors)
                if (_offsets.TryGetValue(t.Id, out var o)) end = Math.Max(end, o + t.SizeBytes);
            ArenaBytes = BufferGroups.AlignUp(end, alignment);
            (LowerBoundBytes, PeakStep) = _groups.LowerBound(aligned: false);
            AlignedLowerBoundBytes = _groups.LowerBound(aligned: true).Bytes;
        }

        public IReadOnlyList<PlanTensor> Tensors { get; }

        /// <summary>Offsets by tensor id.</summary>
        public IReadOnlyDictionary<int, long> Offsets => _offsets;

        public long OffsetOf(int tensorId) => _offsets[tensorId];

        /// <summary>Bytes the arena needs: the highest end of any tensor, rounded up to <see cref="Alignment"/>.</summary>
        public long ArenaBytes { get; }

        /// <summary>
        /// The largest sum, over the steps, of the sizes of the buffers live at a step, where a tensor computed in place
        /// counts once with its source. No plan of this execution order (and these in-place choices) can be smaller.
        /// </summary>
        public long LowerBoundBytes { get; }

        /// <summary>The same bound with every buffer rounded up to the alignment: the bound for aligned plans.</summary>
        public long AlignedLowerBoundBytes { get; }

        /// <summary>The first step whose live sum equals <see cref="LowerBoundBytes"/>.</summary>
        public int PeakStep { get; }

        public int Alignment { get; }

        /// <summary><see cref="BufferPlanner.GreedyBySize"/>, <see cref="BufferPlanner.GreedyByBreadth"/> or the caller's label.</summary>
        public string Strategy { get; }

        /// <summary>Number of distinct buffers after in-place merging.</summary>
        public int BufferCount => _groups.Groups.Count;

        /// <summary>Arena over lower bound (1 when the bound is 0).</summary>
        public double Ratio => LowerBoundBytes == 0 ? 1.0 : (double)ArenaBytes / LowerBoundBytes;

        /// <summary>
        /// Every violation of the plan's contract: a missing or misaligned offset, an illegal in-place link, or two
        /// tensors live at one step whose byte ranges [offset, offset + size) intersect, unless one is computed in
        /// place of the other and both start at the same offset. Empty for a valid plan.
        /// </summary>
        public IReadOnlyList<string> FindConflicts()
        {
            var problems = new List<string>(_groups.Errors);
            var tensors = Tensors;
            for (int i = 0; i < tensors.Count; i++)
            {
                var t = tensors[i];
                if (!_offsets.TryGetValue(t.Id, out var o))
                    problems.Add($"{t.Name} has no offset");
                else if (o < 0)
                    problems.Add($"{t.Name} has a negative offset {o}");
                else if (o % Alignment != 0)
                    problems.Add($"{t.Name} at offset {o} is not aligned to {Alignment}");
            }

            // Sweep by first step: only pairs whose lifetimes intersect are compared.
            var order = Enumerable.Range(0, tensors.Count).Where(i => _offsets.ContainsKey(tensors[i].Id))
                .OrderBy(i => tensors[i].FirstStep).ThenBy(i => i).ToList();
            for (int x = 0; x < order.Count; x++)
            {
                var a = tensors[order[x]];
                long ao = _offsets[a.Id];
                for (int y = x + 1; y < order.Count; y++)
                {
                    var b = tensors[order[y]];
                    if (b.FirstStep > a.LastStep) break;
                    if (a.SizeBytes == 0 || b.SizeBytes == 0) continue;
                    long bo = _offsets[b.Id];
                    if (ao >= bo + b.SizeBytes || bo >= ao + a.SizeBytes) continue;
                    bool inPlace = (a.InPlaceOf == b.Id || b.InPlaceOf == a.Id) && _groups.GroupOf[order[x]] == _groups.GroupOf[order[y]];
                    if (inPlace && ao == bo) continue;
                    problems.Add($"{a.Name} [{ao}, {ao + a.SizeBytes}) steps {a.FirstStep}..{a.LastStep} overlaps " +
                        $"{b.Name} [{bo}, {bo + b.SizeBytes}) steps {b.FirstStep}..{b.LastStep}" +
                        (inPlace ? " at a different offset than its in-place source" : ""));
                }
            }
            return problems;
        }

        /// <summary>Throws <see cref="InvalidOperationException"/> listing the conflicts unless <see cref="FindConflicts"/> is empty.</summary>
        public void Validate()
        {
            var problems = FindConflicts();
            if (problems.Count == 0) return;
            const int shown = 20;
            var text = string.Join("\n  ", problems.Take(shown));
            if (problems.Count > shown) text += $"\n  ... and {problems.Count - shown} more";
            throw new InvalidOperationException($"buffer plan is invalid ({problems.Count} problems):\n  {text}");
        }

        /// <summary>Arena size, lower bound, ratio and a table of every tensor (by first step), for debugging.</summary>
        public string Report()
        {
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            sb.Append(string.Format(inv, "buffer plan ({0}): arena {1} B, lower bound {2} B (aligned {3} B) at step {4}, ratio {5:F4}\n",
                Strategy, ArenaBytes, LowerBoundBytes, AlignedLowerBoundBytes, PeakStep, Ratio));
            sb.Append(string.Format(inv, "{0} tensors in {1} buffers, alignment {2} B\n", Tensors.Count, BufferCount, Alignment));
            var byId = Tensors.ToDictionary(t => t.Id);
            int nameWidth = Math.Max(4, Tensors.Count == 0 ? 0 : Tensors.Max(t => t.Name.Length));
            sb.Append(string.Format(inv, "{0,6}  {1}  {2,10}  {3,10}  {4,10}  {5,-11}  {6}\n",
                "id", "name".PadRight(nameWidth), "bytes", "offset", "end", "live", "notes"));
            var rows = Enumerable.Range(0, Tensors.Count).OrderBy(i => Tensors[i].FirstStep).ThenBy(i => i);
            foreach (var i in rows)
            {
                var t = Tensors[i];
                bool has = _offsets.TryGetValue(t.Id, out var o);
                var notes = new List<string>();
                if (t.IsGraphInput) notes.Add("input");
                if (t.IsGraphOutput) notes.Add("output");
                if (t.InPlaceOf.HasValue)
                    notes.Add("in place of " + (byId.TryGetValue(t.InPlaceOf.Value, out var src) ? src.Name : "#" + t.InPlaceOf.Value));
                sb.Append(string.Format(inv, "{0,6}  {1}  {2,10}  {3,10}  {4,10}  {5,-11}  {6}\n",
                    t.Id, t.Name.PadRight(nameWidth), t.SizeBytes, has ? o.ToString(inv) : "-",
                    has ? (o + t.SizeBytes).ToString(inv) : "-", $"[{t.FirstStep}..{t.LastStep}]", string.Join(", ", notes)));
            }
            return sb.ToString();
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}: arena {1} B, lower bound {2} B, ratio {3:F4}",
                Strategy, ArenaBytes, LowerBoundBytes, Ratio);
    }
}
