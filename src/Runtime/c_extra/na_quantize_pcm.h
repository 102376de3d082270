/*
 * int16 PCM -> int8 input activation (NeuralAudio extra kernel; to move into na_kernels.h).
 *
 * PCM is read as real = pcm / 32768; the input activation has scale s and zero point z, so
 * q = clamp(MBQM(pcm, multiplier, shift) + z) with the real multiplier 1 / (32768 s) encoded like every other
 * requantisation (QuantizationParameters.QuantizeMultiplier). Integer only, no malloc, no state.
 */
#ifndef NA_QUANTIZE_PCM_H
#define NA_QUANTIZE_PCM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int32_t multiplier;    /* Q31 multiplier of 1 / (32768 * input_scale) */
    int32_t shift;         /* positive = left shift */
    int32_t output_offset; /* +input zero point */
    int32_t act_min;       /* clamp range, within [-128, 127] */
    int32_t act_max;
} na_quantize_pcm_params;

/* output[i] = clamp(na_multiply_by_quantized_multiplier(pcm[i], multiplier, shift) + output_offset). */
void na_quantize_pcm_s16(const na_quantize_pcm_params *p, const int16_t *pcm, int32_t size, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* NA_QUANTIZE_PCM_H */
