/*
 * Integer softmax: exp by a 256-entry Q30 table keyed by max - x, an int64 sum, and one rounded int64 division
 * per class. Output quantisation is TFLite's: scale 1/256, zero point -128.
 */
#include "na_kernels.h"

void na_softmax_s8(const na_softmax_params *p, const int8_t *input, int32_t rows, const int32_t exp_lut[256],
                   int8_t *output)
{
    int32_t r, i;
    for (r = 0; r < rows; ++r) {
        const int8_t *x = input + r * p->classes;
        int8_t *y = output + r * p->classes;
        int32_t max = -128;
        int64_t sum = 0;
        for (i = 0; i < p->classes; ++i) {
            if (x[i] > max) max = x[i];
        }
        for (i = 0; i < p->classes; ++i) sum += exp_lut[max - x[i]];
        /* sum >= exp_lut[0] = 2^30 > 0, so every quotient below is a non-negative floor. */
        for (i = 0; i < p->classes; ++i) {
            const int64_t q = ((int64_t)exp_lut[max - x[i]] * 256 + sum / 2) / sum;
            y[i] = (int8_t)(q > 255 ? 127 : q - 128);
        }
    }
}
