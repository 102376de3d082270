using System.Runtime.InteropServices;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Planning;

namespace NeuralAudio.Runtime.Deploy;

/// <summary>Where the interpreter keeps its tensors: the planned arena, or one array each for the offline run.</summary>
internal abstract class TensorMemory
{
    /// <summary>The first <paramref name="elements"/> int8 values of tensor <paramref name="id"/>.</summary>
    public abstract Span<sbyte> S8(int id, int elements);

    /// <summary>The first <paramref name="elements"/> int16 values of tensor <paramref name="id"/>.</summary>
    public Span<short> S16(int id, int elements) => MemoryMarshal.Cast<sbyte, short>(S8(id, elements * 2));

    /// <summary>The first <paramref name="elements"/> uint16 values of tensor <paramref name="id"/>.</summary>
    public Span<ushort> U16(int id, int elements) => MemoryMarshal.Cast<sbyte, ushort>(S8(id, elements * 2));
}

/// <summary>
/// Tensors at their planned offsets in one arena, as generated code has them. Every access is checked to stay
/// inside the tensor's planned bytes, and so inside the arena.
/// </summary>
internal sealed class ArenaMemory : TensorMemory
{
    private readonly DeployGraph _graph;
    private readonly BufferPlan _plan;

    public ArenaMemory(DeployGraph graph, BufferPlan plan)
    {
        _graph = graph;
        _plan = plan;
        Arena = new sbyte[checked((int)plan.ArenaBytes)];
        foreach (var t in plan.Tensors)
        {
            long end = plan.OffsetOf(t.Id) + t.SizeBytes;
            if (end > plan.ArenaBytes)
                throw new InvalidOperationException($"'{t.Name}' ends at byte {end}, past the {plan.ArenaBytes}-byte arena");
        }
    }

    public sbyte[] Arena { get; }

    public override Span<sbyte> S8(int id, int elements)
    {
        var tensor = _graph.Tensor(id);
        if (elements > tensor.SizeBytes)
            throw new InvalidOperationException($"access of {elements} bytes to '{tensor.Name}' exceeds its {tensor.SizeBytes} planned bytes");
        return Arena.AsSpan(checked((int)_plan.OffsetOf(id)), elements);
    }
}

/// <summary>One array per tensor, sized on first use: the offline run's tensors are whole-clip long.</summary>
internal sealed class SeparateMemory : TensorMemory
{
    private readonly Dictionary<int, sbyte[]> _arrays = new();

    public override Span<sbyte> S8(int id, int elements)
    {
        if (!_arrays.TryGetValue(id, out var a) || a.Length < elements)
        {
            a = new sbyte[elements];
            _arrays[id] = a;
        }
        return a.AsSpan(0, elements);
    }
}
