using System.Buffers.Binary;

namespace NeuralAudio.Training.Streaming;

/// <summary>
/// Splits a byte stream into <see cref="CodePacket"/>s. It hunts for the sync word, checks the header and the CRC,
/// and on any failure skips one byte past that sync word and hunts again, so a corrupt or truncated packet costs only
/// itself. Bytes it cannot use are counted in <see cref="SkippedBytes"/>, rejected packets in
/// <see cref="CorruptPackets"/>. Feed it bytes in any chunking (a serial port delivers arbitrary pieces).
/// </summary>
public sealed class CodePacketReader
{
    private readonly List<byte> _pending = new();

    /// <summary>Packets whose header was plausible but whose CRC (or header fields) did not check out.</summary>
    public int CorruptPackets { get; private set; }

    /// <summary>Bytes dropped while hunting for a sync word (noise, corrupt packets, a cut-off first packet).</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Bytes fed so far.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Appends <paramref name="data"/> and returns every complete, valid packet now available.</summary>
    public IReadOnlyList<CodePacket> Feed(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        foreach (byte b in data) _pending.Add(b);
        return Parse(final: false);
    }

    /// <summary>
    /// Ends the stream and returns the packets still waiting: a packet cut off at the end (or one whose corrupt header
    /// promised more bytes than came) counts as corrupt, and the packets after it are still found.
    /// </summary>
    public IReadOnlyList<CodePacket> Finish() => Parse(final: true);

    private List<CodePacket> Parse(bool final)
    {
        var packets = new List<CodePacket>();
        int at = 0;
        while (true)
        {
            int sync = FindSync(at);
            if (sync < 0)
            {
                // Keep a trailing 0xA5: it may be the first half of the next sync word.
                int keep = !final && _pending.Count > 0 && _pending[^1] == CodePacket.Sync0 ? 1 : 0;
                SkippedBytes += _pending.Count - keep - at;
                at = _pending.Count - keep;
                break;
            }
            SkippedBytes += sync - at;
            at = sync;
            if (_pending.Count - at < CodePacket.HeaderBytes)
            {
                if (!final) break; // wait for the header
                Reject(ref at);
                continue;
            }
            byte version = _pending[at + 2], nq = _pending[at + 3], frames = _pending[at + 4];
            if (version != CodePacket.Version || nq < 1 || nq > CodePacket.MaxQuantizers || frames < 1 || frames > CodePacket.MaxFrames)
            {
                Reject(ref at);
                continue;
            }
            int size = CodePacket.SizeOf(frames, nq);
            if (_pending.Count - at < size)
            {
                if (!final) break; // wait for the rest
                Reject(ref at);
                continue;
            }
            var bytes = new byte[size];
            _pending.CopyTo(at, bytes, 0, size);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(size - CodePacket.CrcBytes));
            if (crc != System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(2, size - CodePacket.CrcBytes - 2)))
            {
                Reject(ref at);
                continue;
            }
            var codes = new ushort[frames * nq];
            for (int i = 0; i < codes.Length; i++) codes[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(CodePacket.HeaderBytes + 2 * i));
            packets.Add(new CodePacket(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(6)), nq, frames, codes));
            at += size;
        }
        _pending.RemoveRange(0, at);
        return packets;
    }

    private void Reject(ref int at)
    {
        CorruptPackets++;
        SkippedBytes += 1;
        at += 1;
    }

    private int FindSync(int from)
    {
        for (int i = from; i + 1 < _pending.Count; i++)
            if (_pending[i] == CodePacket.Sync0 && _pending[i + 1] == CodePacket.Sync1) return i;
        return -1;
    }
}
