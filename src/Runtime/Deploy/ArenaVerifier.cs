using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Planning;

namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// Checks an arena plan while it runs: noise in the arena before each step, and a snapshot of every tensor that
/// is live across an op (read later, not written by the op) compared after it. A planner or emitter bug that lets
/// an op overwrite a live tensor, or read bytes nobody wrote this step, fails here and not in the field.
/// </summary>
internal sealed class ArenaVerifier
{
    private readonly DeployGraph _graph;
    private readonly BufferPlan _plan;
    private readonly sbyte[] _arena;
    private readonly List<(PlanTensor Tensor, sbyte[] Copy)> _guarded = new();
    private uint _noise = 0x9E3779B9u;

    public ArenaVerifier(DeployGraph graph, BufferPlan plan, sbyte[] arena)
    {
        _graph = graph; _plan = plan; _arena = arena;
    }

    public void Poison()
    {
        for (int i = 0; i < _arena.Length; i++)
        {
            _noise ^= _noise << 13; _noise ^= _noise >> 17; _noise ^= _noise << 5;
            _arena[i] = (sbyte)_noise;
        }
    }

    public void Before(DeployOp op)
    {
        _guarded.Clear();
        long outputOffset = _plan.OffsetOf(op.Output);
        foreach (var t in _plan.Tensors)
        {
            if (!t.IsLiveAt(op.Index) || t.Id == op.Output || t.Id == op.Scratch) continue;
            // An input the op overwrites in place shares the output's offset and dies here.
            if (_plan.OffsetOf(t.Id) == outputOffset && t.LastStep == op.Index) continue;
            _guarded.Add((t, Bytes(t).ToArray()));
        }
    }

    public void After(DeployOp op)
    {
        foreach (var (t, copy) in _guarded)
        {
            if (!Bytes(t).SequenceEqual(copy))
                throw new InvalidOperationException($"{_graph.Symbol}: op [{op.Index}] '{op.Name}' changed '{t.Name}', which is live across it (arena [{_plan.OffsetOf(t.Id)}, {_plan.OffsetOf(t.Id) + t.SizeBytes}))");
        }
    }

    private ReadOnlySpan<sbyte> Bytes(PlanTensor t) => _arena.AsSpan((int)_plan.OffsetOf(t.Id), (int)t.SizeBytes);
}
