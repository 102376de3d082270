using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;

namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// Runs a streaming encoder once over a whole clip, without state: every time axis is the clip's, and every causal
/// conv's window is [zero-point padding | whole input], which is what training computes. Streaming must give
/// exactly these codes.
/// </summary>
public sealed class OfflineEncoderRunner
{
    private readonly Int8Executor _executor;

    /// <param name="graph">A streaming encoder's deployed graph.</param>
    /// <param name="model">Its quantised model.</param>
    public OfflineEncoderRunner(DeployGraph graph, QuantizedModel model)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!graph.Streaming) throw new ArgumentException($"{graph.ModelId}/{graph.Variant} is not a streaming encoder", nameof(graph));
        _executor = new Int8Executor(graph, model);
    }

    /// <summary>Called with every int8 activation (whole-clip length) after the op that writes it.</summary>
    public TensorObserver? Observer { get; set; }

    /// <summary>Codes of the whole clip, frame-major; <paramref name="pcm"/> must be a multiple of the hop.</summary>
    public ushort[] Encode(ReadOnlySpan<short> pcm)
    {
        var graph = _executor.Graph;
        int hop = graph.StepInputSamples;
        if (pcm.Length % hop != 0) throw new ArgumentException($"{pcm.Length} samples are not a multiple of the hop {hop}", nameof(pcm));
        int frames = pcm.Length / hop;
        var memory = new SeparateMemory();
        foreach (var op in graph.Ops)
        {
            _executor.Run(op.Index, memory, pcm, frames, state: null);
            var output = graph.Tensor(op.Output);
            if (Observer != null && output.ElementType == DeployElementType.Int8)
                Observer(output.Name, memory.S8(output.Id, output.Elements * frames), _executor.Quantization(output));
        }
        int quantizers = DeployOpLayout.Quantizer(graph)!.NumQuantizers;
        return memory.U16(graph.Output, frames * quantizers).ToArray();
    }
}
