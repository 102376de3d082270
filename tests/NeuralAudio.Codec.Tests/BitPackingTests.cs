using NeuralAudio.Training.Codec;

namespace NeuralAudio.Codec.Tests;

public class BitPackingTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    [InlineData(256, 8)]
    [InlineData(1000, 10)]
    [InlineData(1024, 10)]
    [InlineData(1025, 11)]
    public void BitsFor_IsTheCeilingOfLog2(int codebook, int bits) => Assert.Equal(bits, BitPacking.BitsFor(codebook));

    [Fact]
    public void Pack_PutsTheLeastSignificantBitFirst()
    {
        // 1 = 01, 2 = 10, 3 = 11 at 2 bits, LSB first: byte 0 = 0b_00_11_10_01 = 0x39.
        Assert.Equal(new byte[] { 0x39 }, BitPacking.Pack([1, 2, 3], 2));
        // 10-bit codes 1023 and 1 span bytes: bits 0..9 all ones, bit 10 one -> FF 07 00 (20 bits -> 3 bytes).
        Assert.Equal(new byte[] { 0xFF, 0x07, 0x00 }, BitPacking.Pack([1023, 1], 10));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(100)]
    [InlineData(256)]
    [InlineData(1000)]
    [InlineData(1024)]
    [InlineData(4097)]
    public void PackThenUnpack_GivesTheValuesBack(int codebook)
    {
        var random = new Random(codebook);
        int bits = BitPacking.BitsFor(codebook);
        foreach (int count in new[] { 1, 7, 8, 9, 333 })
        {
            var values = Enumerable.Range(0, count).Select(_ => random.Next(codebook)).ToArray();
            values[0] = codebook - 1; // the largest code must survive
            var packed = BitPacking.Pack(values, bits);
            Assert.Equal((count * bits + 7) / 8, packed.Length);
            Assert.Equal(values, BitPacking.Unpack(packed, count, bits));
        }
    }

    [Fact]
    public void Pack_RefusesValuesWiderThanTheBitWidth() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BitPacking.Pack([4], 2));
}
