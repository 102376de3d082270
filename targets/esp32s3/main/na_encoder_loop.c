/*
 * The streaming encoder's main loop (see na_encoder_loop.h).
 */
#include "na_encoder_loop.h"
#include "na_packet.h"

int na_encoder_step(const na_encoder_model *model, const na_encoder_io *io, int16_t *pcm, uint16_t *codes,
                    uint8_t *packet, na_encoder_stats *stats)
{
    uint32_t start = 0, spent;
    int32_t frames, size;
    if (!io->read(io->ctx, pcm, model->hop)) return 0;
    if (io->cycles != NULL) start = io->cycles();
    frames = model->push(pcm, model->hop, codes);
    if (io->cycles != NULL) {
        spent = io->cycles() - start; /* unsigned: correct across one counter wrap (17.9 s at 240 MHz) */
        stats->cycles_last = spent;
        stats->cycles_total += spent;
        if (spent > stats->cycles_max) stats->cycles_max = spent;
    }
    if (frames != 1) return -1;
    size = na_packet_write(packet, NA_ENCODER_PACKET_CAPACITY, stats->frames, 1, model->quantizers, codes);
    if (size < 0) return -1;
    if (!io->write(io->ctx, packet, size)) ++stats->write_errors;
    ++stats->frames;
    return 1;
}
