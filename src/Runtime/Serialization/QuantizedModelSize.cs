using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Runtime.Serialization;

/// <summary>Flash bytes of a quantised model's tables, as the generated C lays them out (int8 bytes, int32 words).</summary>
public static class QuantizedModelSize
{
    /// <summary>Bytes of one op's tables.</summary>
    public static long Bytes(OpTables t)
    {
        ArgumentNullException.ThrowIfNull(t);
        long bytes = (t.Weights?.Length ?? 0) + (t.Lut?.Length ?? 0)
            + 4L * ((t.Bias?.Length ?? 0) + (t.Multiplier?.Length ?? 0) + (t.Shift?.Length ?? 0) + (t.ExpLut?.Length ?? 0));
        if (t.Add != null) bytes += 12 * 4;
        if (t.Rvq is { } r)
            bytes += r.Codebooks.Length + 4L * (r.CodebookOffsets.Length + r.Norms.Length + r.Multiplier.Length + r.Shift.Length);
        return bytes;
    }

    /// <summary>Bytes of every op's tables.</summary>
    public static long Bytes(QuantizedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Ops.Values.Sum(Bytes);
    }
}
