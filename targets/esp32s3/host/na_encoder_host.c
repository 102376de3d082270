/*
 * Host build of the firmware's streaming-encoder loop: the I2S ring buffer is replaced by a WAV reader and the packet
 * link by a file; the loop itself (main/na_encoder_loop.c), the generated encoder, the kernels and the packet writer
 * are the firmware's own sources. Its output is the byte stream the device would send for that audio.
 *
 *   cc -std=c99 -DNA_SYMBOL_NAME=tinystream_ultra_tiny -DNA_MACRO_NAME=TINYSTREAM_ULTRA_TINY \
 *      -DNA_MODEL_HEADER='"tinystream_ultra_tiny.h"' -I... na_encoder_host.c ... -o na_encoder_host
 *   ./na_encoder_host in.wav packets.bin      (16-bit PCM mono at the model's rate; a partial last hop is dropped)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "na_encoder_loop.h"
#include "na_model_select.h"

static NA_FN(_state) state;

static void model_reset(void) { NA_FN(_init)(&state); }
static int32_t model_push(const int16_t *in, int32_t n, uint16_t *out) { return NA_FN(_push)(&state, in, n, out); }

typedef struct {
    const int16_t *samples;
    long count, at;
    FILE *out;
} host_io;

static int wav_read(void *ctx, int16_t *pcm, int32_t n)
{
    host_io *io = (host_io *)ctx;
    if (io->count - io->at < n) return 0;
    memcpy(pcm, io->samples + io->at, (size_t)n * sizeof *pcm);
    io->at += n;
    return 1;
}

static int file_write(void *ctx, const uint8_t *bytes, int32_t n)
{
    host_io *io = (host_io *)ctx;
    return fwrite(bytes, 1, (size_t)n, io->out) == (size_t)n;
}

static uint32_t u32le(const unsigned char *p) { return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t u16le(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static int fail(const char *path, const char *message)
{
    fprintf(stderr, "error: %s: %s\n", path, message);
    return 2;
}

int main(int argc, char **argv)
{
    FILE *f;
    unsigned char *bytes;
    long size, at = 12, data_at = -1, data_size = 0, i;
    int16_t *samples;
    host_io io;
    na_encoder_io callbacks;
    na_encoder_model model;
    na_encoder_stats stats;
    int16_t pcm[NA_M(_HOP)];
    uint16_t codes[NA_M(_QUANTIZERS)];
    uint8_t packet[NA_ENCODER_PACKET_CAPACITY];
    int rc;

    if (argc != 3) {
        fprintf(stderr, "usage: %s IN.wav PACKETS.bin\n", argv[0]);
        return 1;
    }
    f = fopen(argv[1], "rb");
    if (f == NULL) return fail(argv[1], "cannot open");
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    bytes = (unsigned char *)malloc((size_t)size + 1);
    if (bytes == NULL || fread(bytes, 1, (size_t)size, f) != (size_t)size) return fail(argv[1], "cannot read");
    fclose(f);
    if (size < 12 || memcmp(bytes, "RIFF", 4) != 0 || memcmp(bytes + 8, "WAVE", 4) != 0) return fail(argv[1], "not a RIFF/WAVE file");
    while (at + 8 <= size) {
        long chunk = (long)u32le(bytes + at + 4);
        if (memcmp(bytes + at, "fmt ", 4) == 0) {
            if (chunk < 16 || at + 8 + chunk > size) return fail(argv[1], "truncated fmt chunk");
            if (u16le(bytes + at + 8) != 1 || u16le(bytes + at + 10) != 1 || u16le(bytes + at + 22) != 16)
                return fail(argv[1], "not 16-bit PCM mono");
            if ((long)u32le(bytes + at + 12) != NA_M(_SAMPLE_RATE)) return fail(argv[1], "sample rate differs from the model's");
        } else if (memcmp(bytes + at, "data", 4) == 0) {
            data_at = at + 8;
            data_size = chunk;
            if (data_at + data_size > size) return fail(argv[1], "truncated data chunk");
            break;
        }
        at += 8 + chunk + (chunk & 1);
    }
    if (data_at < 0) return fail(argv[1], "no data chunk");
    samples = (int16_t *)malloc((size_t)data_size + 2);
    if (samples == NULL) return fail(argv[1], "out of memory");
    for (i = 0; i < data_size / 2; ++i) samples[i] = (int16_t)u16le(bytes + data_at + 2 * i);

    io.samples = samples;
    io.count = data_size / 2;
    io.at = 0;
    io.out = fopen(argv[2], "wb");
    if (io.out == NULL) return fail(argv[2], "cannot create");
    callbacks.read = wav_read;
    callbacks.write = file_write;
    callbacks.cycles = NULL;
    callbacks.ctx = &io;
    model.hop = NA_M(_HOP);
    model.quantizers = NA_M(_QUANTIZERS);
    model.reset = model_reset;
    model.push = model_push;
    memset(&stats, 0, sizeof stats);
    model.reset();
    while ((rc = na_encoder_step(&model, &callbacks, pcm, codes, packet, &stats)) == 1) {
    }
    fclose(io.out);
    free(samples);
    free(bytes);
    if (rc < 0 || stats.write_errors != 0) return fail(argv[2], "encoding or writing failed");
    printf("%s: %lu frames, %lu packets\n", NA_STR(NA_SYMBOL_NAME), (unsigned long)stats.frames, (unsigned long)stats.frames);
    return 0;
}
