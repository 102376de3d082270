/*
 * Fully connected layer with per-output-channel requantisation, over independent rows.
 */
#include "na_internal.h"

void na_linear_s8(const na_linear_params *p, const int8_t *input, int32_t rows, const int8_t *filter,
                  const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    int32_t r, o;
#if NA_X86_SIMD
    if (na_x86_linear_s8(p, input, rows, filter, bias, multiplier, shift, output)) return;
#endif
    for (r = 0; r < rows; ++r) {
        const int8_t *x = input + r * p->in_features;
        int8_t *y = output + r * p->out_features;
        for (o = 0; o < p->out_features; ++o) {
            int32_t acc = na_dot_s8(x, filter + o * p->in_features, p->in_features, p->input_offset);
            if (bias != 0) acc += bias[o];
            y[o] = na_requantize(acc, multiplier[o], shift[o], p->output_offset, p->act_min, p->act_max);
        }
    }
}
