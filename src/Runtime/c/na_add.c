/*
 * Elementwise int8 add with requantisation, TFLite's AddFunc: both inputs are lifted by 2^left_shift, rescaled to
 * a common scale (multipliers < 1), summed, and rescaled to the output.
 */
#include "na_internal.h"

void na_add_s8(const na_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size)
{
    const int32_t lift = (int32_t)1 << p->left_shift;
    int32_t i;
#if NA_X86_SIMD
    if (na_x86_add_s8(p, input1, input2, output, size)) return;
#endif
    for (i = 0; i < size; ++i) {
        const int32_t a = ((int32_t)input1[i] + p->input1_offset) * lift;
        const int32_t b = ((int32_t)input2[i] + p->input2_offset) * lift;
        const int32_t sum = na_mbqm_inline(a, p->input1_multiplier, p->input1_shift) +
                            na_mbqm_inline(b, p->input2_multiplier, p->input2_shift);
        output[i] = na_requantize(sum, p->output_multiplier, p->output_shift, p->output_offset, p->act_min,
                                  p->act_max);
    }
}
