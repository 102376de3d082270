using System.Buffers.Binary;
using System.Text;

namespace NeuralAudio.Host.Tests.Infrastructure;

/// <summary>How <see cref="Wav.Write"/> lays out a file, to exercise the parser of na_host.</summary>
public sealed record WavLayout
{
    /// <summary>A 'LIST' chunk of odd size (so a pad byte follows) between 'fmt ' and 'data'.</summary>
    public bool OddListChunk { get; init; }

    /// <summary>WAVE_FORMAT_EXTENSIBLE (40-byte fmt chunk with the PCM subformat GUID) instead of WAVE_FORMAT_PCM.</summary>
    public bool Extensible { get; init; }

    /// <summary>Keep only this many bytes of the data chunk (its header still declares all of them): a truncated file.</summary>
    public int? TruncateDataTo { get; init; }

    public static WavLayout Plain { get; } = new();
}

/// <summary>16-bit PCM mono RIFF/WAVE files, written byte for byte deterministically, and a reader for them.</summary>
public static class Wav
{
    public static byte[] Write(short[] pcm, int sampleRate, WavLayout? layout = null)
    {
        layout ??= WavLayout.Plain;
        var body = new MemoryStream();
        Chunk(body, "fmt ", Fmt(sampleRate, layout.Extensible));
        if (layout.OddListChunk) Chunk(body, "LIST", Encoding.ASCII.GetBytes("INFOICMT\x0b\0\0\0NeuralAudio") /* 23 bytes */);
        var data = new byte[pcm.Length * 2];
        for (int i = 0; i < pcm.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), pcm[i]);
        var file = new MemoryStream();
        file.Write("RIFF"u8);
        var riff = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(riff, (uint)(4 + body.Length + 8 + data.Length));
        file.Write(riff);
        file.Write("WAVE"u8);
        body.WriteTo(file);
        file.Write("data"u8);
        var size = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)data.Length);
        file.Write(size);
        file.Write(data, 0, layout.TruncateDataTo is { } keep ? Math.Min(keep, data.Length) : data.Length);
        return file.ToArray();
    }

    private static byte[] Fmt(int sampleRate, bool extensible)
    {
        var f = new byte[extensible ? 40 : 16];
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(0), extensible ? (ushort)0xFFFE : (ushort)1);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), 1);                      // channels
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(8), (uint)sampleRate * 2);   // byte rate
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(12), 2);                     // block align
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(14), 16);                    // bits per sample
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(16), 22);                // extension size
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(18), 16);                // valid bits
            BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(20), 4);                 // channel mask: front centre
            // KSDATAFORMAT_SUBTYPE_PCM 00000001-0000-0010-8000-00aa00389b71
            new byte[] { 1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71 }.CopyTo(f, 24);
        }
        return f;
    }

    private static void Chunk(Stream s, string id, byte[] content)
    {
        s.Write(Encoding.ASCII.GetBytes(id));
        var size = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)content.Length);
        s.Write(size);
        s.Write(content);
        if (content.Length % 2 == 1) s.WriteByte(0);
    }

    /// <summary>Sample rate and samples of a complete 16-bit PCM mono file (as written above); throws otherwise.</summary>
    public static (int SampleRate, short[] Pcm) Read(byte[] file)
    {
        if (file.Length < 12 || Encoding.ASCII.GetString(file, 0, 4) != "RIFF" || Encoding.ASCII.GetString(file, 8, 4) != "WAVE")
            throw new InvalidDataException("not a RIFF/WAVE file");
        int pos = 12, rate = 0;
        while (pos + 8 <= file.Length)
        {
            string id = Encoding.ASCII.GetString(file, pos, 4);
            int size = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 4)));
            if (size > file.Length - pos - 8) throw new InvalidDataException($"chunk '{id}' is truncated");
            var content = file.AsSpan(pos + 8, size);
            if (id == "fmt ")
            {
                int format = BinaryPrimitives.ReadUInt16LittleEndian(content);
                if ((format != 1 && format != 0xFFFE) || BinaryPrimitives.ReadUInt16LittleEndian(content[2..]) != 1 || BinaryPrimitives.ReadUInt16LittleEndian(content[14..]) != 16)
                    throw new InvalidDataException("not 16-bit PCM mono");
                rate = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(content[4..]));
            }
            else if (id == "data")
            {
                if (rate == 0) throw new InvalidDataException("data before fmt");
                var pcm = new short[size / 2];
                for (int i = 0; i < pcm.Length; i++) pcm[i] = BinaryPrimitives.ReadInt16LittleEndian(content[(2 * i)..]);
                return (rate, pcm);
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException("no data chunk");
    }
}
