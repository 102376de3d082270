using System.Buffers.Binary;
using NeuralAudio.Training.Codec;

namespace NeuralAudio.Codec.Tests;

public class CodeStreamFormatTests
{
    private static CodeStream Sample(int codebook = 1000, int nq = 3, int frames = 11, int hop = 320)
    {
        var random = new Random(7);
        var codes = new int[nq, frames];
        for (int q = 0; q < nq; q++)
            for (int f = 0; f < frames; f++) codes[q, f] = random.Next(codebook);
        return new CodeStream("soundstream", "c4_d32", "0123456789abcdef0123", 24000, hop, codebook, frames * hop - 100, codes);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1024)]
    [InlineData(3)]
    public void WriteThenParse_KeepsEveryFieldAndCode(int codebook)
    {
        var stream = Sample(codebook);
        var bytes = CodeStreamWriter.ToBytes(stream);
        // 32 fixed bytes + 3 strings (1 + 11, 1 + 6, 1 + 20) + packed codes + CRC.
        int strings = 1 + "soundstream".Length + 1 + "c4_d32".Length + 1 + 20;
        Assert.Equal(32 + strings + (3 * 11 * BitPacking.BitsFor(codebook) + 7) / 8 + 4, bytes.Length);

        var back = CodeStreamReader.Parse(bytes, "mem.nac");
        Assert.Equal((stream.ModelId, stream.Variant, stream.StructureHash), (back.ModelId, back.Variant, back.StructureHash));
        Assert.Equal((24000, 320, codebook, 3, 11, stream.SampleCount), (back.SampleRate, back.HopSamples, back.CodebookSize, back.NumQuantizers, back.FrameCount, back.SampleCount));
        Assert.Equal(stream.Codes, back.Codes);
    }

    [Fact]
    public void Bitrate_IsStagesTimesBitsTimesFrameRate() =>
        Assert.Equal(3 * 10 * 75.0, Sample().BitrateBps); // 3 stages × 10 bits × 24000/320 frames/s

    [Fact]
    public void EveryTruncation_IsRefusedAsTruncated()
    {
        var bytes = CodeStreamWriter.ToBytes(Sample());
        for (int length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<CodeStreamException>(() => CodeStreamReader.Parse(bytes.AsSpan(0, length), "cut.nac"));
            // Cutting only the CRC's last bytes leaves the length short of what the header announces: still "truncated".
            Assert.Contains("truncated", e.Message);
            Assert.Contains("cut.nac", e.Message);
        }
    }

    [Fact]
    public void FlippedPayloadBit_IsRefusedByTheChecksum()
    {
        var bytes = CodeStreamWriter.ToBytes(Sample());
        bytes[^6] ^= 0x10;
        var e = Assert.Throws<CodeStreamException>(() => CodeStreamReader.Parse(bytes, "flip.nac"));
        Assert.Contains("corrupt: checksum", e.Message);
    }

    [Fact]
    public void WrongMagic_TrailingBytes_AndUnknownVersion_AreRefused()
    {
        var bytes = CodeStreamWriter.ToBytes(Sample());
        var wrongMagic = (byte[])bytes.Clone();
        wrongMagic[0] = (byte)'X';
        Assert.Contains("not a NeuralAudio code stream", Assert.Throws<CodeStreamException>(() => CodeStreamReader.Parse(wrongMagic, "a.nac")).Message);
        Assert.Contains("unexpected bytes", Assert.Throws<CodeStreamException>(() => CodeStreamReader.Parse([.. bytes, 0], "b.nac")).Message);
        var version = (byte[])bytes.Clone();
        version[4] = 9;
        Assert.Contains("format version 9", Assert.Throws<CodeStreamException>(() => CodeStreamReader.Parse(version, "c.nac")).Message);
    }

    [Fact]
    public void CodeOutsideANonPowerOfTwoCodebook_IsRefusedEvenWithAValidChecksum()
    {
        // Codebook 5 packs at 3 bits, so 5..7 are representable but invalid: write a 7 and re-sign the file.
        var codes = new int[1, 2];
        var bytes = CodeStreamWriter.ToBytes(new CodeStream("tinystream", "x", "hash", 16000, 160, 5, 320, codes));
        int payload = bytes.Length - 4 - 1; // two 3-bit codes fit in the last byte before the CRC
        bytes[payload] = 0b00_111_000; // frame 0 = 0, frame 1 = 7
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 4)));
        var e = Assert.Throws<CodeStreamException>(() => CodeStreamReader.Parse(bytes, "range.nac"));
        Assert.Contains("code 7 at stage 0, frame 1 is outside the codebook (0..4)", e.Message);
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        var e = Assert.Throws<CodeStreamException>(() => CodeStreamReader.ReadFile("/nonexistent/x.nac"));
        Assert.Equal("code stream /nonexistent/x.nac does not exist", e.Message);
    }
}
