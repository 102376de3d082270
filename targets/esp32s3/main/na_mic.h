/* Microphone capture (I2S standard or PDM, chosen in menuconfig) as int16 PCM. */
#ifndef NA_MIC_H
#define NA_MIC_H

#include <stdint.h>
#include "esp_err.h"

/* Starts the I2S RX channel at sample_rate Hz, mono. */
esp_err_t na_mic_start(uint32_t sample_rate);

/* Blocks until up to max_samples (<= NA_I2S_READ_FRAMES) samples are read into pcm; returns how many. */
int32_t na_mic_read(int16_t *pcm, int32_t max_samples);

#endif /* NA_MIC_H */
