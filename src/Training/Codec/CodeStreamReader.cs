using System.Buffers.Binary;
using System.Text;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// Parses and validates code stream files. Every problem (wrong magic, unknown version, truncated header or payload,
/// inconsistent fields, checksum mismatch, codes outside the codebook) is a <see cref="CodeStreamException"/> naming
/// the file.
/// </summary>
public static class CodeStreamReader
{
    /// <summary>Reads the code stream file <paramref name="path"/>.</summary>
    public static CodeStream ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CodeStreamException(path, File.Exists(path) ? $"code stream {path} cannot be read: {e.Message}" : $"code stream {path} does not exist", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses a whole code stream held in memory; <paramref name="source"/> names it in errors.</summary>
    public static CodeStream Parse(ReadOnlySpan<byte> bytes, string source)
    {
        CodeStreamException Bad(string problem) => new(source, $"code stream {source} {problem}");

        if (bytes.Length < 4 || !bytes[..4].SequenceEqual(CodeStreamWriter.Magic))
            throw Bad(bytes.Length < 4 ? $"is truncated: {bytes.Length} bytes, not even the magic" : "is not a NeuralAudio code stream (bad magic; expected 'NACS')");
        if (bytes.Length < CodeStreamWriter.FixedHeaderBytes)
            throw Bad($"is truncated: {bytes.Length} bytes, the header alone needs at least {CodeStreamWriter.FixedHeaderBytes}");
        byte version = bytes[4];
        if (version != CodeStreamWriter.Version)
            throw Bad($"has format version {version}; this build reads version {CodeStreamWriter.Version}");
        int bits = bytes[5];
        int nq = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        uint codebook = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        uint hop = BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]);
        uint frames = BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]);
        ulong samples = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
        if (codebook < 2 || codebook > 1u << 30) throw Bad($"is corrupt: codebook size {codebook}");
        if (bits != BitPacking.BitsFor((int)codebook)) throw Bad($"is corrupt: {bits} bits per code for a codebook of {codebook} (expected {BitPacking.BitsFor((int)codebook)})");
        if (nq < 1) throw Bad("is corrupt: 0 quantizer stages");
        if (rate == 0 || rate > 1_000_000) throw Bad($"is corrupt: sample rate {rate} Hz");
        if (hop == 0 || hop > 1_000_000) throw Bad($"is corrupt: hop of {hop} samples");
        if (frames > int.MaxValue / nq) throw Bad($"is corrupt: {frames} frames");
        if (samples > (ulong)frames * hop) throw Bad($"is corrupt: {samples} samples do not fit in {frames} frames of {hop}");

        int pos = CodeStreamWriter.FixedHeaderBytes;
        string modelId = ReadString(bytes, ref pos, "model id", Bad);
        string variant = ReadString(bytes, ref pos, "variant", Bad);
        string hash = ReadString(bytes, ref pos, "structure hash", Bad);
        if (modelId.Length == 0 || variant.Length == 0 || hash.Length == 0) throw Bad("is corrupt: empty model id, variant or structure hash");

        long count = (long)frames * nq;
        long payload = BitPacking.PackedBytes(count, bits);
        long expected = pos + payload + 4;
        if (bytes.Length < expected)
            throw Bad($"is truncated: {bytes.Length} bytes, its header announces {frames} frames × {nq} stages × {bits} bits = {expected} bytes");
        if (bytes.Length > expected)
            throw Bad($"is corrupt: {bytes.Length - expected} unexpected bytes after the codes ({expected} bytes expected)");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(int)(expected - 4)..]);
        uint actual = System.IO.Hashing.Crc32.HashToUInt32(bytes[..(int)(expected - 4)]);
        if (stored != actual) throw Bad($"is corrupt: checksum {actual:x8} does not match the stored {stored:x8}");

        var ordered = BitPacking.Unpack(bytes.Slice(pos, (int)payload), (int)count, bits);
        var codes = new int[nq, frames];
        for (int f = 0; f < frames; f++)
            for (int q = 0; q < nq; q++)
            {
                int code = ordered[f * nq + q];
                if (code >= codebook) throw Bad($"is corrupt: code {code} at stage {q}, frame {f} is outside the codebook (0..{codebook - 1})");
                codes[q, f] = code;
            }
        return new CodeStream(modelId, variant, hash, (int)rate, (int)hop, (int)codebook, (long)samples, codes);
    }

    private static string ReadString(ReadOnlySpan<byte> bytes, ref int pos, string what, Func<string, CodeStreamException> bad)
    {
        if (pos >= bytes.Length) throw bad($"is truncated inside its header (at the {what})");
        int length = bytes[pos++];
        if (pos + length > bytes.Length) throw bad($"is truncated inside its header (at the {what})");
        string value;
        try
        {
            value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Slice(pos, length));
        }
        catch (DecoderFallbackException)
        {
            throw bad($"is corrupt: its {what} is not UTF-8");
        }
        pos += length;
        return value;
    }
}
