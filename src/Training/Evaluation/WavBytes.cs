using System.Buffers.Binary;

namespace NeuralAudio.Training.Evaluation;

/// <summary>A 16-bit mono PCM WAV file in memory (for data: URIs in the report).</summary>
public static class WavBytes
{
    /// <summary>The bytes of a canonical 44-byte-header WAV file holding <paramref name="samples"/>.</summary>
    public static byte[] Mono16(ReadOnlySpan<float> samples, int sampleRate)
    {
        var bytes = new byte[44 + samples.Length * 2];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], samples.Length * 2);
        for (int i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(s[(44 + 2 * i)..], (short)Math.Clamp(Math.Round(samples[i] * 32768.0), short.MinValue, short.MaxValue));
        return bytes;
    }
}
