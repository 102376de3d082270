namespace NeuralAudio.Training.Codec;

/// <summary>
/// Packs small non-negative integers at a fixed bit width, least significant bit first, into a byte array (the
/// payload of a code stream). A codebook of K entries needs <see cref="BitsFor"/>(K) = ceil(log2 K) bits per code.
/// </summary>
public static class BitPacking
{
    /// <summary>Bits per code for a codebook of <paramref name="codebookSize"/> entries: ceil(log2 K), at least 1.</summary>
    public static int BitsFor(int codebookSize)
    {
        if (codebookSize < 2) throw new ArgumentOutOfRangeException(nameof(codebookSize), codebookSize, "a codebook needs at least 2 entries");
        int bits = 0;
        while ((1L << bits) < codebookSize) bits++;
        return bits;
    }

    /// <summary>Bytes that <paramref name="count"/> values of <paramref name="bits"/> bits occupy.</summary>
    public static long PackedBytes(long count, int bits) => (count * bits + 7) / 8;

    /// <summary>Packs <paramref name="values"/> (each in [0, 2^bits)) at <paramref name="bits"/> bits each.</summary>
    public static byte[] Pack(ReadOnlySpan<int> values, int bits)
    {
        CheckBits(bits);
        var bytes = new byte[PackedBytes(values.Length, bits)];
        long bitPos = 0;
        for (int i = 0; i < values.Length; i++)
        {
            int v = values[i];
            if (v < 0 || (long)v >= 1L << bits)
                throw new ArgumentOutOfRangeException(nameof(values), v, $"value {i} does not fit in {bits} bits");
            for (int b = 0; b < bits; b++, bitPos++)
                if (((v >> b) & 1) != 0) bytes[bitPos >> 3] |= (byte)(1 << (int)(bitPos & 7));
        }
        return bytes;
    }

    /// <summary>The first <paramref name="count"/> values of <paramref name="bits"/> bits each in <paramref name="bytes"/>.</summary>
    public static int[] Unpack(ReadOnlySpan<byte> bytes, int count, int bits)
    {
        CheckBits(bits);
        if (PackedBytes(count, bits) > bytes.Length)
            throw new ArgumentException($"{count} values of {bits} bits need {PackedBytes(count, bits)} bytes, only {bytes.Length} given", nameof(bytes));
        var values = new int[count];
        long bitPos = 0;
        for (int i = 0; i < count; i++)
        {
            int v = 0;
            for (int b = 0; b < bits; b++, bitPos++)
                v |= ((bytes[(int)(bitPos >> 3)] >> (int)(bitPos & 7)) & 1) << b;
            values[i] = v;
        }
        return values;
    }

    private static void CheckBits(int bits)
    {
        if (bits < 1 || bits > 30) throw new ArgumentOutOfRangeException(nameof(bits), bits, "bits per value must be 1..30");
    }
}
