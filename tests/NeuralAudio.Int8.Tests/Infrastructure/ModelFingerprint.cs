using System.Security.Cryptography;
using System.Text;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>A SHA-256 over every activation and table of a quantised model, to compare models quickly.</summary>
internal static class ModelFingerprint
{
    public static string Of(QuantizedModel model)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Text(string s) => sha.AppendData(Encoding.UTF8.GetBytes(s + "\n"));
        void Ints(int[]? v) { if (v != null) sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan())); Text("|"); }
        void Bytes(sbyte[]? v) { if (v != null) sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan())); Text("|"); }
        Text(model.ModelId + " " + model.Variant + " " + model.StructureHash);
        foreach (var (name, q) in model.Activations.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Text(FormattableString.Invariant($"{name} {BitConverter.SingleToInt32Bits(q.Scale)} {q.ZeroPoint}"));
        foreach (var (name, t) in model.Ops.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Text(name);
            Bytes(t.Weights); Ints(t.Bias); Ints(t.Multiplier); Ints(t.Shift); Bytes(t.Lut); Ints(t.ExpLut);
            Text(t.Add?.ToString() ?? "-");
            if (t.Rvq != null)
            {
                Text(t.Rvq.Params.ToString());
                Bytes(t.Rvq.Codebooks); Ints(t.Rvq.CodebookOffsets); Ints(t.Rvq.Norms); Ints(t.Rvq.Multiplier); Ints(t.Rvq.Shift);
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
