using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Planning;

namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// Interprets a deployed graph with its quantised model over the C# kernels, with the generated code's memory
/// model: one arena at the planned offsets, a separate state per causal conv (starting at the input zero point,
/// real 0, as training's zero padding), frame by frame. Generated C and C# must match it bit for bit.
/// </summary>
public sealed class DeployGraphRunner : IInt8Encoder, IInt8Classifier
{
    private readonly Int8Executor _executor;
    private readonly ArenaMemory _memory;
    private readonly sbyte[]?[] _states;
    private readonly ArenaVerifier? _verifier;

    /// <param name="graph">The deployed graph.</param>
    /// <param name="model">Its quantised model; must carry the graph's structure hash.</param>
    /// <param name="plan">The arena plan (default: <see cref="DeployMemoryPlan.Plan"/>).</param>
    /// <param name="verifyArena">
    /// Check the plan while running: the arena is filled with noise before every step (nothing may depend on what an
    /// earlier step left there) and every tensor live across an op must come out of it unchanged.
    /// </param>
    public DeployGraphRunner(DeployGraph graph, QuantizedModel model, BufferPlan? plan = null, bool verifyArena = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _executor = new Int8Executor(graph, model);
        Plan = plan ?? DeployMemoryPlan.Plan(graph);
        Plan.Validate();
        _memory = new ArenaMemory(graph, Plan);
        _states = graph.Ops.Select(o => o.State == null ? null : new sbyte[o.State.SizeBytes]).ToArray();
        if (verifyArena) _verifier = new ArenaVerifier(graph, Plan, _memory.Arena);
        Reset();
    }

    /// <summary>The graph being run.</summary>
    public DeployGraph Graph => _executor.Graph;

    /// <summary>The arena plan in use.</summary>
    public BufferPlan Plan { get; }

    /// <summary>Called with every int8 activation after the op that writes it; null for none.</summary>
    public TensorObserver? Observer { get; set; }

    /// <inheritdoc/>
    public int HopSamples => Graph.Streaming ? Graph.StepInputSamples : throw NotAn("encoder");

    /// <inheritdoc/>
    public int Quantizers => DeployOpLayout.Quantizer(Graph)?.NumQuantizers ?? throw NotAn("encoder");

    /// <inheritdoc/>
    public int InputSamples => Graph.Streaming ? throw NotAn("classifier") : Graph.StepInputSamples;

    /// <inheritdoc/>
    public int Classes => Graph.Streaming ? throw NotAn("classifier") : DeployOpLayout.Classes(Graph);

    /// <inheritdoc/>
    public void Reset()
    {
        foreach (var op in Graph.Ops)
        {
            if (op.State == null) continue;
            var zeroPoint = _executor.Model.ZeroPoint(Graph.Tensor(op.Inputs[0]).Name);
            _states[op.Index].AsSpan().Fill((sbyte)zeroPoint);
        }
    }

    /// <inheritdoc/>
    public int Push(ReadOnlySpan<short> pcm, Span<ushort> codes)
    {
        int hop = HopSamples, q = Quantizers;
        if (pcm.Length % hop != 0) throw new ArgumentException($"{pcm.Length} samples are not a multiple of the hop {hop}", nameof(pcm));
        int frames = pcm.Length / hop;
        if (codes.Length < frames * q) throw new ArgumentException($"codes holds {codes.Length} values, {frames} frames need {frames * q}", nameof(codes));
        for (int f = 0; f < frames; f++)
        {
            Step(pcm.Slice(f * hop, hop));
            _memory.U16(Graph.Output, q).CopyTo(codes.Slice(f * q, q));
        }
        return frames;
    }

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<short> pcm, Span<sbyte> scores)
    {
        int samples = InputSamples, classes = Classes;
        if (pcm.Length != samples) throw new ArgumentException($"a classifier window is {samples} samples, got {pcm.Length}", nameof(pcm));
        if (scores.Length < classes) throw new ArgumentException($"scores holds {scores.Length} values for {classes} classes", nameof(scores));
        Step(pcm);
        _memory.S8(Graph.Output, classes).CopyTo(scores);
    }

    private void Step(ReadOnlySpan<short> pcm)
    {
        _verifier?.Poison();
        foreach (var op in Graph.Ops)
        {
            _verifier?.Before(op);
            _executor.Run(op.Index, _memory, pcm, 1, _states[op.Index]);
            _verifier?.After(op);
            var output = Graph.Tensor(op.Output);
            if (Observer != null && output.ElementType == DeployElementType.Int8)
                Observer(output.Name, _memory.S8(output.Id, output.Elements), _executor.Quantization(output));
        }
    }

    private InvalidOperationException NotAn(string what) =>
        new($"{Graph.ModelId}/{Graph.Variant} is not an {what}");
}
