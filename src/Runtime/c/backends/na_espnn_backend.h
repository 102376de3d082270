/*
 * esp-nn backend setup and counters (ESP32-S3, NA_USE_ESP_NN). See na_espnn_dispatch.h.
 */
#ifndef NA_ESPNN_BACKEND_H
#define NA_ESPNN_BACKEND_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The scratch buffer esp-nn's convs use (16-byte aligned, internal RAM for speed). A conv whose scratch does not fit
 * runs the portable kernel instead. Call once before the first inference; size 0 sends every conv to the portable
 * kernels. */
void na_espnn_set_scratch(void *buffer, int32_t size);

/* Kernel calls since start that esp-nn ran, and that fell back to the portable kernels. */
typedef struct {
    uint32_t espnn_calls;
    uint32_t portable_calls;
} na_espnn_counters;

na_espnn_counters na_espnn_get_counters(void);

#ifdef __cplusplus
}
#endif

#endif /* NA_ESPNN_BACKEND_H */
