using System.Text;
using NeuralAudio.Esp32.Tests.Infrastructure;
using NeuralAudio.Training.Streaming;

namespace NeuralAudio.Esp32.Tests;

/// <summary>
/// The code packet format: CRC-32 check value, the C writer (src/Runtime/c/stream/na_packet.c, compiled with the host
/// gcc) against the C# writer and reader, and the reader's resynchronisation on damaged streams.
/// </summary>
public class PacketTests
{
    [Fact]
    public void CWriter_ProducesTheBytesTheCSharpReaderParses()
    {
        using var folder = new TempFolder();
        // The driver prints crc32("123456789") and writes packets for frames of 3 codes, sequence 7..,
        // 1, 2 and 3 frames per packet, codes spanning the whole uint16 range.
        File.WriteAllText(folder.File("driver.c"), """
            #include <stdio.h>
            #include "na_packet.h"
            int main(int argc, char **argv)
            {
                uint16_t codes[18];
                uint8_t packet[NA_PACKET_BYTES(16, 32)];
                int32_t i, size, at = 0, frames;
                uint32_t sequence = 7;
                FILE *out = fopen(argv[1], "wb");
                (void)argc;
                for (i = 0; i < 18; ++i) codes[i] = (uint16_t)(i * 3641u + (i == 17 ? 65535u - 17u * 3641u : 0u));
                printf("%08lx\n", (unsigned long)na_crc32((const uint8_t *)"123456789", 9));
                for (frames = 1; frames <= 3; ++frames) {
                    size = na_packet_write(packet, (int32_t)sizeof packet, sequence, frames, 3, codes + at);
                    if (size != NA_PACKET_BYTES(frames, 3)) return 1;
                    fwrite(packet, 1, (size_t)size, out);
                    at += frames * 3;
                    sequence += (uint32_t)frames;
                }
                if (na_packet_write(packet, 10, 0, 1, 3, codes) != -1) return 2;   /* too small */
                if (na_packet_write(packet, 100, 0, 1, 33, codes) != -1) return 3; /* nq out of range */
                if (na_packet_write(packet, 100, 0, 17, 1, codes) != -1) return 4; /* frames out of range */
                fclose(out);
                return 0;
            }
            """);
        var runtime = Tools.RepoPath("src", "Runtime", "c", "stream");
        Tools.RunOk("cc", ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-I" + runtime, folder.File("driver.c"),
            Path.Combine(runtime, "na_packet.c"), "-o", folder.File("driver")]);
        var r = Tools.RunOk(folder.File("driver"), [folder.File("packets.bin")]);
        Assert.Equal("cbf43926", r.StdOut.Trim());

        var bytes = File.ReadAllBytes(folder.File("packets.bin"));
        var codes = Enumerable.Range(0, 18).Select(i => (ushort)(i == 17 ? 65535 : i * 3641)).ToArray();
        var expected = new[]
        {
            new CodePacket(7, 3, 1, codes[0..3]),
            new CodePacket(8, 3, 2, codes[3..9]),
            new CodePacket(10, 3, 3, codes[9..18]),
        };
        Assert.Equal(expected.SelectMany(p => p.ToBytes()).ToArray(), bytes); // C and C# writers agree byte for byte

        var reader = new CodePacketReader();
        var packets = reader.Feed(bytes).Concat(reader.Finish()).ToList();
        Assert.Equal(3, packets.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i].Sequence, packets[i].Sequence);
            Assert.Equal(expected[i].Frames, packets[i].Frames);
            Assert.Equal(expected[i].Codes, packets[i].Codes);
        }
        Assert.Equal(0, reader.CorruptPackets);
        Assert.Equal(0, reader.SkippedBytes);
    }

    [Fact]
    public void Reader_FindsTheSamePackets_WhateverTheChunking_AndSkipsNoiseAndDamage()
    {
        var codes = new int[2, 40];
        for (int f = 0; f < 40; f++) { codes[0, f] = (f * 37) % 256; codes[1, f] = 255 - f; }
        var clean = CodePacket.Stream(codes);
        int size = CodePacket.SizeOf(1, 2);
        Assert.Equal(40 * size, clean.Length);

        var damaged = new List<byte> { 0x00, 0xA5, 0x13, 0xA5 }; // noise, including a lone first sync byte
        for (int f = 0; f < 40; f++)
        {
            var packet = clean.AsSpan(f * size, size).ToArray();
            if (f == 5) continue;                  // dropped
            if (f == 11) packet[12] ^= 0x10;       // a flipped bit in the codes: CRC fails
            if (f == 23) packet[3] = 200;          // a corrupt header: nq out of range
            if (f == 30) damaged.AddRange(new byte[] { 0xA5, 0x5A, 0x01 }); // a cut-off packet before a good one
            damaged.AddRange(packet);
        }

        foreach (int chunk in new[] { 1, 3, 7, 1000 })
        {
            var reader = new CodePacketReader();
            var found = new List<CodePacket>();
            for (int at = 0; at < damaged.Count; at += chunk)
                found.AddRange(reader.Feed(damaged.Skip(at).Take(chunk).ToArray()));
            found.AddRange(reader.Finish());
            Assert.Equal(Enumerable.Range(0, 40).Where(f => f is not (5 or 11 or 23)).Select(f => (uint)f), found.Select(p => p.Sequence));
            Assert.Equal(3, reader.CorruptPackets); // frame 11's CRC, frame 23's header, the cut-off packet
            Assert.All(found, p => Assert.Equal(new[] { (ushort)codes[0, (int)p.Sequence], (ushort)codes[1, (int)p.Sequence] }, p.Codes));
        }
    }

    [Fact]
    public void Assembler_ConcealsGapsByRepeatingThePreviousFrame_AndIgnoresDuplicates()
    {
        var a = new CodeStreamAssembler(codebookSize: 256);
        a.Add(new CodePacket(2, 2, 1, [10, 11]));  // frames 0-1 lost before the first packet
        a.Add(new CodePacket(3, 2, 2, [12, 13, 14, 15]));
        a.Add(new CodePacket(3, 2, 1, [99, 99]));  // duplicate
        a.Add(new CodePacket(7, 2, 1, [16, 17]));  // frames 5-6 lost
        a.Add(new CodePacket(8, 2, 1, [300, 1]));  // code outside the codebook: invalid, frame 8 lost
        a.Add(new CodePacket(9, 2, 1, [18, 19]));
        a.Add(new CodePacket(0, 2, 1, [20, 21]));  // device restart: appended

        var c = a.Codes();
        Assert.Equal(11, a.TotalFrames);
        Assert.Equal(new[] { 10, 10, 10, 12, 14, 14, 14, 16, 16, 18, 20 }, Enumerable.Range(0, 11).Select(f => c[0, f]));
        Assert.Equal(new[] { 11, 11, 11, 13, 15, 15, 15, 17, 17, 19, 21 }, Enumerable.Range(0, 11).Select(f => c[1, f]));
        Assert.Equal(new[] { new CodeGap(0, 2), new CodeGap(5, 2), new CodeGap(8, 1) }, a.Gaps);
        Assert.Equal(5, a.LostFrames);
        Assert.Equal(1, a.DuplicatePackets);
        Assert.Equal(1, a.InvalidPackets);
        Assert.Equal(1, a.Restarts);
        Assert.Equal(6, a.ReceivedFrames);
    }
}
