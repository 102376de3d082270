using NeuralAudio.ModelDsl.Deploy;

namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// Everything the int8 code of one deployed graph needs besides its structure: activation quantisation per tensor
/// and the integer tables of every op. Produced at export time (from a checkpoint and calibration audio, or from
/// seeded weights for tests); consumed by the generated C# class directly, and written as <c>_weights.c</c> for C.
/// Keyed by names from <see cref="DeployGraph"/>, so it only fits the structure whose hash it carries.
/// </summary>
public sealed class QuantizedModel
{
    /// <summary>The model id of the graph (e.g. <c>tinystream</c>).</summary>
    public required string ModelId { get; init; }
    /// <summary>The variant name (e.g. <c>tiny</c>).</summary>
    public required string Variant { get; init; }

    /// <summary><c>GraphPrinter.StructureHash</c> of the IR these weights were exported for.</summary>
    public required string StructureHash { get; init; }

    /// <summary>
    /// Scale and zero point of every int8 activation, by <see cref="DeployTensor.Name"/>; also <c>pcm</c> (1/32768, 0)
    /// where a first conv1d (every encoder's) reads the int16 PCM as it is.
    /// </summary>
    public required IReadOnlyDictionary<string, ActivationQuantization> Activations { get; init; }

    /// <summary>Integer tables of every op, by <see cref="DeployOp.Name"/>.</summary>
    public required IReadOnlyDictionary<string, OpTables> Ops { get; init; }
}

/// <summary>
/// The integer data of one op; which fields are set depends on the kernel:
/// <list type="bullet">
/// <item>QuantizeInput: <see cref="Multiplier"/>[0], <see cref="Shift"/>[0] map int16 PCM (scale 1/32768) to the input activation.</item>
/// <item>Conv1d/Conv2d/ConvTranspose1d/Linear: <see cref="Weights"/> in the kernel layout (OHWI; transposed conv [out][k][in]),
/// <see cref="Bias"/> (BatchNorm folded in), per-output-channel <see cref="Multiplier"/>/<see cref="Shift"/>.</item>
/// <item>Lookup: <see cref="Lut"/> (256 entries, index x + 128).</item>
/// <item>Add: <see cref="Add"/>.</item>
/// <item>Softmax: <see cref="ExpLut"/> (256 entries, Q30).</item>
/// <item>ResidualVq: <see cref="Rvq"/> (int8 codebooks [stages][K][D], offsets, norms, per-stage rescaling).</item>
/// <item>MaxPool/AvgPool/Relu/Permute: nothing (they keep their input's quantisation).</item>
/// </list>
/// </summary>
public sealed class OpTables
{
    /// <summary>int8 weights in the kernel layout.</summary>
    public sbyte[]? Weights { get; init; }
    /// <summary>int32 bias per output channel (scale input scale x weight scale), or null for none.</summary>
    public int[]? Bias { get; init; }
    /// <summary>Q31 requantisation multiplier per output channel.</summary>
    public int[]? Multiplier { get; init; }
    /// <summary>Requantisation shift per output channel (positive = left).</summary>
    public int[]? Shift { get; init; }
    /// <summary>256-entry int8 lookup table (index x + 128).</summary>
    public sbyte[]? Lut { get; init; }
    /// <summary>256-entry Q30 exp table of the softmax.</summary>
    public int[]? ExpLut { get; init; }
    /// <summary>Requantisation of a residual add.</summary>
    public AddParams? Add { get; init; }
    /// <summary>Codebooks and rescalings of the residual-VQ search.</summary>
    public RvqTables? Rvq { get; init; }
}
