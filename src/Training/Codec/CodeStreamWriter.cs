using System.Buffers.Binary;
using System.Text;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Training.Codec;

/// <summary>Serialises a <see cref="CodeStream"/> (format: docs/code-stream.md).</summary>
public static class CodeStreamWriter
{
    /// <summary>File magic: ASCII <c>NACS</c> (NeuralAudio code stream).</summary>
    public static ReadOnlySpan<byte> Magic => "NACS"u8;

    /// <summary>The format version this writer produces.</summary>
    public const byte Version = 1;

    /// <summary>Bytes of the fixed part of the header (before the three length-prefixed strings).</summary>
    public const int FixedHeaderBytes = 32;

    /// <summary>The whole file: header, bit-packed codes (frame-major), CRC-32 trailer.</summary>
    public static byte[] ToBytes(CodeStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        Span<byte> fixedPart = stackalloc byte[FixedHeaderBytes];
        Magic.CopyTo(fixedPart);
        fixedPart[4] = Version;
        fixedPart[5] = (byte)stream.BitsPerCode;
        BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[6..], (ushort)stream.NumQuantizers);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[8..], (uint)stream.CodebookSize);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[12..], (uint)stream.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[16..], (uint)stream.HopSamples);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[20..], (uint)stream.FrameCount);
        BinaryPrimitives.WriteUInt64LittleEndian(fixedPart[24..], (ulong)stream.SampleCount);
        buffer.Write(fixedPart);
        WriteString(buffer, stream.ModelId, nameof(stream.ModelId));
        WriteString(buffer, stream.Variant, nameof(stream.Variant));
        WriteString(buffer, stream.StructureHash, nameof(stream.StructureHash));

        // Frame-major order (all stages of frame 0, then frame 1, ...) so a receiver can decode as frames arrive.
        int nq = stream.NumQuantizers, frames = stream.FrameCount;
        var ordered = new int[nq * frames];
        for (int f = 0; f < frames; f++)
            for (int q = 0; q < nq; q++)
                ordered[f * nq + q] = stream.Codes[q, f];
        buffer.Write(BitPacking.Pack(ordered, stream.BitsPerCode));

        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, System.IO.Hashing.Crc32.HashToUInt32(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        buffer.Write(crc);
        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="stream"/> to <paramref name="path"/> atomically (temp file beside it, then rename).</summary>
    public static void WriteFile(string path, CodeStream stream)
    {
        var bytes = ToBytes(stream);
        string temp = AtomicFile.TempPathFor(path);
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    private static void WriteString(Stream buffer, string value, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > byte.MaxValue) throw new ArgumentException($"{name} is longer than 255 bytes", name);
        buffer.WriteByte((byte)bytes.Length);
        buffer.Write(bytes);
    }
}
