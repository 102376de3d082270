namespace NeuralAudio.Training.Datasets.Inventory;

/// <summary>The STREAMINFO block at the start of every FLAC file.</summary>
/// <param name="SampleRate">Samples a second.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="BitsPerSample">Bits per sample.</param>
/// <param name="TotalSamples">Samples per channel (0 when the encoder did not know).</param>
public sealed record FlacStreamInfo(int SampleRate, int Channels, int BitsPerSample, long TotalSamples)
{
    /// <summary>Reads STREAMINFO from <paramref name="path"/> (an ID3v2 tag in front is skipped).</summary>
    /// <exception cref="InvalidDataException">No FLAC signature or STREAMINFO block.</exception>
    public static FlacStreamInfo Read(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[10];
        stream.ReadExactly(head);
        if (head[..3].SequenceEqual("ID3"u8))
        {
            int size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F);
            stream.Position = 10 + size;
            stream.ReadExactly(head[..4]);
        }
        else
        {
            stream.Position = 4;
        }
        if (!head[..4].SequenceEqual("fLaC"u8))
            throw new InvalidDataException($"{path}: no FLAC signature");

        Span<byte> block = stackalloc byte[4 + 34];
        stream.ReadExactly(block);
        int type = block[0] & 0x7F;
        int length = block[1] << 16 | block[2] << 8 | block[3];
        if (type != 0 || length < 34)
            throw new InvalidDataException($"{path}: the first FLAC metadata block is not STREAMINFO");
        var s = block[4..];
        int sampleRate = s[10] << 12 | s[11] << 4 | s[12] >> 4;
        int channels = ((s[12] >> 1) & 0x7) + 1;
        int bits = (((s[12] & 0x1) << 4) | (s[13] >> 4)) + 1;
        long total = (long)(s[13] & 0x0F) << 32 | (long)s[14] << 24 | (long)s[15] << 16 | (long)s[16] << 8 | s[17];
        return new FlacStreamInfo(sampleRate, channels, bits, total);
    }
}
