/*
 * The streaming encoder's main loop, portable C99: one hop of PCM in, the generated encoder's push, one code packet
 * out, cycle statistics. The firmware (na_encoder_app.c) plugs in the I2S ring buffer, the packet link and
 * esp_cpu_get_cycle_count(); the host harness (targets/esp32s3/host/na_encoder_host.c) a WAV reader and a file, so
 * the host run is the device's loop byte for byte.
 */
#ifndef NA_ENCODER_LOOP_H
#define NA_ENCODER_LOOP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int32_t hop;        /* samples per frame */
    int32_t quantizers; /* codes per frame */
    void (*reset)(void);
    int32_t (*push)(const int16_t *pcm, int32_t n, uint16_t *codes_out);
} na_encoder_model;

typedef struct {
    /* Fills pcm with exactly n samples and returns 1, or returns 0 at the end of the input. */
    int (*read)(void *ctx, int16_t *pcm, int32_t n);
    /* Sends n bytes; returns 1 when all were accepted. */
    int (*write)(void *ctx, const uint8_t *bytes, int32_t n);
    /* A free-running 32-bit cycle counter, or NULL (no statistics). */
    uint32_t (*cycles)(void);
    void *ctx;
} na_encoder_io;

typedef struct {
    uint32_t frames;        /* frames encoded = sequence number of the next packet */
    uint32_t write_errors;  /* packets the link did not take whole */
    uint64_t cycles_total;  /* encoder cycles (push only), summed */
    uint32_t cycles_max;
    uint32_t cycles_last;
} na_encoder_stats;

/* Largest packet the loop writes (NA_PACKET_BYTES(1, 32)). */
#define NA_ENCODER_PACKET_CAPACITY 78

/*
 * One iteration: reads a hop into pcm (model->hop samples), encodes it into codes (model->quantizers values), writes
 * its packet (sequence = stats->frames) through packet (NA_ENCODER_PACKET_CAPACITY bytes). Returns 1, or 0 at the end
 * of the input, or -1 when the model's push fails.
 */
int na_encoder_step(const na_encoder_model *model, const na_encoder_io *io, int16_t *pcm, uint16_t *codes,
                    uint8_t *packet, na_encoder_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* NA_ENCODER_LOOP_H */
