/*
 * Channels-last axis reorder; see na_permute.h.
 */
#include "na_permute.h"

void na_permute_s8(const na_permute_params *p, const int8_t *input, int8_t *output)
{
    int32_t a, b, c, d;
    int8_t *out = output;
    for (a = 0; a < p->out_dims[0]; ++a) {
        const int8_t *in_a = input + a * p->in_strides[0];
        for (b = 0; b < p->out_dims[1]; ++b) {
            const int8_t *in_b = in_a + b * p->in_strides[1];
            for (c = 0; c < p->out_dims[2]; ++c) {
                const int8_t *in_c = in_b + c * p->in_strides[2];
                for (d = 0; d < p->out_dims[3]; ++d) *out++ = in_c[d * p->in_strides[3]];
            }
        }
    }
}
