using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Export;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// A trained codec in float, for the server side: audio to codes, codes to audio. <c>infer</c>, <c>encode</c>,
/// <c>decode</c> and <c>receive</c> all go through this one class, so their outputs agree sample for sample.
/// </summary>
public sealed class CodecInference : IDisposable
{
    private readonly NeuralModule _module;
    private readonly ICodecModule _codec;

    /// <summary>Wraps a loaded codec module of <paramref name="variant"/> (put in eval mode).</summary>
    public CodecInference(ModelVariant variant, NeuralModule module)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(module);
        _codec = module as ICodecModule
            ?? throw new ArgumentException($"{variant.FullName} is not a codec (no encoder/quantizer/decoder)", nameof(module));
        Variant = variant;
        _module = module;
        _module.eval();
        var cost = CostModel.Analyze(variant.BuildGraph());
        HopSamples = cost.HopSamples;
        NumQuantizers = (int)_codec.Quantizer.NumQuantizers;
        CodebookSize = (int)_codec.Quantizer.CodebookSize;
    }

    /// <summary>Loads a codec checkpoint (declared or run-time config); throws <see cref="Checkpoints.CheckpointException"/> naming the file.</summary>
    public static CodecInference Load(string checkpointPath)
    {
        var (variant, module) = CheckpointModel.Load(checkpointPath);
        if (module is not ICodecModule)
        {
            module.Dispose();
            throw new Checkpoints.CheckpointException(checkpointPath, $"{variant.FullName} is a {variant.Family} model, not a codec");
        }
        return new CodecInference(variant, module);
    }

    /// <summary>The variant the weights were trained for.</summary>
    public ModelVariant Variant { get; }
    /// <summary>The float module.</summary>
    public NeuralModule Module => _module;
    /// <summary>Model sample rate in Hz.</summary>
    public int SampleRate => _module.SampleRate;

    /// <summary>Samples per code frame.</summary>
    public int HopSamples { get; }

    /// <summary>RVQ stages the model has.</summary>
    public int NumQuantizers { get; }
    /// <summary>Codewords per stage.</summary>
    public int CodebookSize { get; }

    /// <summary>
    /// Codes <c>[quantizer, frame]</c> for mono <paramref name="samples"/> at <see cref="SampleRate"/>, using the first
    /// <paramref name="numQuantizers"/> stages. The clip is zero-padded to whole frames: frames = ceil(n / hop).
    /// </summary>
    public int[,] Encode(ReadOnlySpan<float> samples, int numQuantizers)
    {
        if (numQuantizers < 1 || numQuantizers > NumQuantizers)
            throw new ArgumentOutOfRangeException(nameof(numQuantizers), numQuantizers, $"must be between 1 and {NumQuantizers}");
        if (samples.Length == 0)
            throw new ArgumentException("no samples to encode", nameof(samples));
        int frames = (samples.Length + HopSamples - 1) / HopSamples;
        var padded = new float[frames * HopSamples];
        samples.CopyTo(padded);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var audio = tensor(padded).reshape(1, 1, padded.Length);
        var embedding = _codec.Encode(audio);
        var codes = _codec.Quantizer.Encode(embedding, numQuantizers); // (1, nq, frames)
        var flat = codes.to_type(ScalarType.Int32).cpu().data<int>().ToArray();
        int actualFrames = (int)codes.shape[2];
        var result = new int[numQuantizers, actualFrames];
        for (int q = 0; q < numQuantizers; q++)
            for (int f = 0; f < actualFrames; f++)
                result[q, f] = flat[q * actualFrames + f];
        return result;
    }

    /// <summary>Audio for codes <c>[quantizer, frame]</c> (any 1..Nq stages): frames × hop samples.</summary>
    public float[] Decode(int[,] codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        int nq = codes.GetLength(0), frames = codes.GetLength(1);
        if (nq < 1 || nq > NumQuantizers)
            throw new ArgumentException($"codes have {nq} quantizer stages; {Variant.FullName} has 1..{NumQuantizers}", nameof(codes));
        var flat = new long[nq * frames];
        for (int q = 0; q < nq; q++)
            for (int f = 0; f < frames; f++)
            {
                int code = codes[q, f];
                if (code < 0 || code >= CodebookSize)
                    throw new ArgumentException($"code {code} at stage {q}, frame {f} is outside the codebook (0..{CodebookSize - 1})", nameof(codes));
                flat[q * frames + f] = code;
            }
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var embedding = _codec.Quantizer.Decode(tensor(flat).reshape(1, nq, frames));
        var audio = _codec.Decode(embedding);
        return audio.reshape(-1).cpu().data<float>().ToArray();
    }

    /// <summary>Encode then decode, trimmed to the input length: what <c>infer</c> writes.</summary>
    public float[] Reconstruct(ReadOnlySpan<float> samples, int numQuantizers)
    {
        var decoded = Decode(Encode(samples, numQuantizers));
        return decoded.AsSpan(0, Math.Min(samples.Length, decoded.Length)).ToArray();
    }

    /// <summary>Releases the module.</summary>
    public void Dispose() => _module.Dispose();
}
