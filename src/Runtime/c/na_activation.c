/*
 * Activations that keep int8 in and out: a clamp (ReLU, ReLU6 with unchanged quantisation) and a 256-entry table
 * for any other pointwise function (ELU, sigmoid, tanh ...), the table built at export time.
 */
#include "na_internal.h"

void na_clamp_s8(const int8_t *input, int8_t *output, int32_t size, int32_t act_min, int32_t act_max)
{
    int32_t i;
    for (i = 0; i < size; ++i) {
        int32_t v = input[i];
        if (v < act_min) v = act_min;
        if (v > act_max) v = act_max;
        output[i] = (int8_t)v;
    }
}

void na_lut_s8(const int8_t *input, int8_t *output, int32_t size, const int8_t lut[256])
{
    int32_t i;
#if NA_X86_SIMD
    if (na_x86_lut_s8(input, output, size, lut)) return;
#endif
    for (i = 0; i < size; ++i) output[i] = lut[(int32_t)input[i] + 128];
}
