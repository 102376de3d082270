using System.Buffers.Binary;

namespace NeuralAudio.Training.Streaming;

/// <summary>
/// One code packet of the device's UART / USB-serial stream: <see cref="Frames"/> frames of
/// <see cref="Quantizers"/> codes starting at frame <see cref="Sequence"/>. The byte format (sync word 0xA5 0x5A,
/// version, nq, frames, flags, uint32 sequence, uint16 codes frame-major, CRC-32 of everything after the sync word;
/// little-endian) is defined by src/Runtime/c/stream/na_packet.h, which the firmware uses to write it.
/// </summary>
public sealed record CodePacket(uint Sequence, int Quantizers, int Frames, ushort[] Codes)
{
    /// <summary>First sync byte.</summary>
    public const byte Sync0 = 0xA5;
    /// <summary>Second sync byte.</summary>
    public const byte Sync1 = 0x5A;
    /// <summary>The format version this reader and writer speak.</summary>
    public const byte Version = 1;
    /// <summary>Bytes before the codes.</summary>
    public const int HeaderBytes = 10;
    /// <summary>Bytes of the trailing CRC.</summary>
    public const int CrcBytes = 4;
    /// <summary>Largest nq a packet may declare.</summary>
    public const int MaxQuantizers = 32;
    /// <summary>Largest frame count a packet may declare.</summary>
    public const int MaxFrames = 16;

    /// <summary>Total bytes of a packet with <paramref name="frames"/> frames of <paramref name="quantizers"/> codes.</summary>
    public static int SizeOf(int frames, int quantizers) => HeaderBytes + 2 * frames * quantizers + CrcBytes;

    /// <summary>Code of stage <paramref name="quantizer"/> in frame <paramref name="frame"/> of this packet.</summary>
    public ushort Code(int frame, int quantizer) => Codes[frame * Quantizers + quantizer];

    /// <summary>The packet's bytes, exactly what <c>na_packet_write</c> writes.</summary>
    public byte[] ToBytes()
    {
        if (Quantizers < 1 || Quantizers > MaxQuantizers) throw new ArgumentOutOfRangeException(nameof(Quantizers), Quantizers, $"must be 1..{MaxQuantizers}");
        if (Frames < 1 || Frames > MaxFrames) throw new ArgumentOutOfRangeException(nameof(Frames), Frames, $"must be 1..{MaxFrames}");
        if (Codes.Length != Frames * Quantizers) throw new ArgumentException($"{Codes.Length} codes for {Frames} frames of {Quantizers}", nameof(Codes));
        var bytes = new byte[SizeOf(Frames, Quantizers)];
        bytes[0] = Sync0;
        bytes[1] = Sync1;
        bytes[2] = Version;
        bytes[3] = (byte)Quantizers;
        bytes[4] = (byte)Frames;
        bytes[5] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(6), Sequence);
        for (int i = 0; i < Codes.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(HeaderBytes + 2 * i), Codes[i]);
        int crcAt = bytes.Length - CrcBytes;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(crcAt), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(2, crcAt - 2)));
        return bytes;
    }

    /// <summary>The packet stream of <paramref name="codes"/> <c>[quantizer, frame]</c>, <paramref name="framesPerPacket"/> frames each (the last may hold fewer).</summary>
    public static byte[] Stream(int[,] codes, int framesPerPacket = 1)
    {
        ArgumentNullException.ThrowIfNull(codes);
        int nq = codes.GetLength(0), frames = codes.GetLength(1);
        using var output = new MemoryStream();
        for (int start = 0; start < frames; start += framesPerPacket)
        {
            int count = Math.Min(framesPerPacket, frames - start);
            var values = new ushort[count * nq];
            for (int f = 0; f < count; f++)
                for (int q = 0; q < nq; q++)
                    values[f * nq + q] = checked((ushort)codes[q, start + f]);
            output.Write(new CodePacket((uint)start, nq, count, values).ToBytes());
        }
        return output.ToArray();
    }
}
