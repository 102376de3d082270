/*
 * Code packets (see na_packet.h for the format).
 */
#include "na_packet.h"

uint32_t na_crc32_update(uint32_t crc, const uint8_t *data, size_t n)
{
    /* Bitwise: a packet is a few dozen bytes per frame, so a 1 KiB table is not worth its flash and cache. */
    size_t i;
    int bit;
    crc = ~crc;
    for (i = 0; i < n; ++i) {
        crc ^= data[i];
        for (bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

uint32_t na_crc32(const uint8_t *data, size_t n)
{
    return na_crc32_update(0u, data, n);
}

static void put_u16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    put_u16(p, v & 0xFFFFu);
    put_u16(p + 2, v >> 16);
}

int32_t na_packet_write(uint8_t *out, int32_t capacity, uint32_t sequence, int32_t frames, int32_t nq,
                        const uint16_t *codes)
{
    int32_t size, i, count;
    uint8_t *p;
    if (out == NULL || codes == NULL) return -1;
    if (nq < 1 || nq > NA_PACKET_MAX_QUANTIZERS || frames < 1 || frames > NA_PACKET_MAX_FRAMES) return -1;
    size = NA_PACKET_BYTES(frames, nq);
    if (capacity < size) return -1;
    out[0] = (uint8_t)NA_PACKET_SYNC0;
    out[1] = (uint8_t)NA_PACKET_SYNC1;
    out[2] = (uint8_t)NA_PACKET_VERSION;
    out[3] = (uint8_t)nq;
    out[4] = (uint8_t)frames;
    out[5] = 0u;
    put_u32(out + 6, sequence);
    p = out + NA_PACKET_HEADER_BYTES;
    count = frames * nq;
    for (i = 0; i < count; ++i, p += 2) put_u16(p, codes[i]);
    put_u32(p, na_crc32(out + 2, (size_t)(p - (out + 2))));
    return size;
}
