/*
 * Elementwise int8 add with requantisation, TFLite's AddFunc: both inputs are lifted by 2^left_shift, rescaled to
 * a common scale (multipliers < 1), summed, and rescaled to the output.
 */
#include "na_internal.h"

void na_add_s8(const na_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size)
{
    int32_t i;
#if NA_X86_SIMD
    if (na_x86_add_s8(p, input1, input2, output, size)) return;
#endif
    for (i = 0; i < size; ++i) output[i] = na_add_element(p, input1[i], input2[i]);
}
