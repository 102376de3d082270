using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// Base of every NeuralAudio model module, generated (one class per variant) or built at run time
/// (<see cref="GraphModule"/>). Both register layers under the graph's node identifiers, so their state dicts
/// are interchangeable; <see cref="StructureHash"/> says which checkpoints fit.
/// </summary>
public abstract class NeuralModule : nn.Module<Tensor, Tensor>
{
    protected NeuralModule(string name) : base(name) { }

    /// <summary>Stable model id (e.g. <c>tinystream</c>).</summary>
    public abstract string ModelId { get; }

    /// <summary>Variant name (e.g. <c>ultra_tiny</c>).</summary>
    public abstract string Variant { get; }

    /// <summary>Hash of the graph structure (GraphPrinter.StructureHash); equal hashes mean compatible weights.</summary>
    public abstract string StructureHash { get; }

    /// <summary>Input sample rate in Hz.</summary>
    public abstract int SampleRate { get; }

    /// <summary>Parts in execution order (encoder, quantizer, decoder; or classifier).</summary>
    public abstract IReadOnlyList<string> Parts { get; }

    /// <summary>Runs one part on its input (batch axis first); throws <see cref="ArgumentException"/> for an unknown part.</summary>
    public abstract Tensor ForwardPart(string part, Tensor x);
}
