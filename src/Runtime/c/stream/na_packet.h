/*
 * NeuralAudio code packets: the framed, checksummed byte stream a streaming encoder sends over UART / USB-serial.
 * Portable C99, no malloc, no state. The C# reader is NeuralAudio.Training.Streaming.CodePacketReader; the format
 * is documented once, here and in targets/esp32s3/README.md ("Packet format").
 *
 * One packet (all multi-byte fields little-endian):
 *
 *   offset  size         field
 *   0       2            sync word 0xA5 0x5A
 *   2       1            version (NA_PACKET_VERSION)
 *   3       1            quantizers nq (codes per frame), 1..32
 *   4       1            frames F in this packet, 1..NA_PACKET_MAX_FRAMES
 *   5       1            flags (0; reserved)
 *   6       4            sequence: index of the packet's first frame since the stream started (frame 0 = first)
 *   10      2 * F * nq   codes, uint16, frame-major: frame 0's nq codes, then frame 1's, ...
 *   10+2Fnq 4            CRC-32 of bytes 2 .. 10+2Fnq-1 (everything after the sync word, before the CRC)
 *
 * CRC-32 is the IEEE 802.3 / zlib one: reflected polynomial 0xEDB88320, initial value 0xFFFFFFFF, final XOR
 * 0xFFFFFFFF; check value crc32("123456789") = 0xCBF43926.
 *
 * The sequence counts frames, not packets, so a receiver knows exactly how many frames a gap lost even when
 * packets carry several frames.
 */
#ifndef NA_PACKET_H
#define NA_PACKET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NA_PACKET_SYNC0 0xA5u
#define NA_PACKET_SYNC1 0x5Au
#define NA_PACKET_VERSION 1u
#define NA_PACKET_HEADER_BYTES 10
#define NA_PACKET_CRC_BYTES 4
#define NA_PACKET_MAX_QUANTIZERS 32
#define NA_PACKET_MAX_FRAMES 16

/* Bytes of one packet of `frames` frames of `nq` codes. */
#define NA_PACKET_BYTES(frames, nq) (NA_PACKET_HEADER_BYTES + 2 * (frames) * (nq) + NA_PACKET_CRC_BYTES)

/* Continues a CRC-32 over n more bytes: start with crc = 0 (the function applies the initial value and final XOR
 * itself, so crc32(a + b) = na_crc32_update(na_crc32_update(0, a), b)). */
uint32_t na_crc32_update(uint32_t crc, const uint8_t *data, size_t n);

/* CRC-32 of n bytes (na_crc32_update(0, data, n)). */
uint32_t na_crc32(const uint8_t *data, size_t n);

/*
 * Writes one packet of `frames` frames (codes frame-major, frames * nq values) whose first frame has index
 * `sequence` into out. Returns the bytes written, NA_PACKET_BYTES(frames, nq), or -1 (nothing written) when nq or
 * frames is out of range or capacity is too small.
 */
int32_t na_packet_write(uint8_t *out, int32_t capacity, uint32_t sequence, int32_t frames, int32_t nq,
                        const uint16_t *codes);

#ifdef __cplusplus
}
#endif

#endif /* NA_PACKET_H */
