/*
 * int16 PCM to the int8 input activation; see na_quantize_pcm.h.
 */
#include "na_quantize_pcm.h"
#include "na_internal.h"

void na_quantize_pcm_s16(const na_quantize_pcm_params *p, const int16_t *pcm, int32_t size, int8_t *output)
{
    int32_t i;
#if NA_X86_SIMD
    if (na_x86_quantize_pcm_s16(pcm, size, p->multiplier, p->shift, p->output_offset, p->act_min, p->act_max, output))
        return;
#endif
    for (i = 0; i < size; ++i) {
        int32_t v = na_multiply_by_quantized_multiplier((int32_t)pcm[i], p->multiplier, p->shift) + p->output_offset;
        if (v < p->act_min) v = p->act_min;
        if (v > p->act_max) v = p->act_max;
        output[i] = (int8_t)v;
    }
}
