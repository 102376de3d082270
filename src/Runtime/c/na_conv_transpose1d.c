/*
 * Transposed 1-D convolution as a gather: every output sample sums the (input, tap) pairs that land on it, so no
 * scratch accumulator array is needed and the result is independent of the order of scatter writes.
 */
#include "na_internal.h"

int32_t na_conv_transpose1d_output_length(const na_conv_transpose1d_params *p, int32_t input_length)
{
    int32_t full;
    if (input_length <= 0) return 0;
    full = (input_length - 1) * p->stride + p->kernel - p->crop_left - p->crop_right;
    return full > 0 ? full : 0;
}

void na_conv_transpose1d_s8(const na_conv_transpose1d_params *p, const int8_t *input, int32_t input_length,
                            const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                            const int32_t *shift, int8_t *output)
{
    const int32_t out_length = na_conv_transpose1d_output_length(p, input_length);
    const int32_t cin = p->in_channels;
    int32_t t, oc, k;
    for (t = 0; t < out_length; ++t) {
        /* Position in the uncropped output: input i and tap k contribute when i * stride + k == u. */
        const int32_t u = t + p->crop_left;
        int8_t *out_row = output + t * p->out_channels;
        /* Smallest tap with u - k >= 0, u - k divisible by stride and (u - k) / stride < input_length. */
        int32_t k_begin = u % p->stride;
        const int32_t last_i = input_length - 1;
        if (u - k_begin > last_i * p->stride) k_begin = u - last_i * p->stride;
        for (oc = 0; oc < p->out_channels; ++oc) {
            const int8_t *w_oc = filter + oc * p->kernel * cin;
            int32_t acc = 0;
            for (k = k_begin; k < p->kernel && k <= u; k += p->stride) {
                acc += na_dot_s8(input + ((u - k) / p->stride) * cin, w_oc + k * cin, cin, p->input_offset);
            }
            if (bias != 0) acc += bias[oc];
            out_row[oc] = na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min, p->act_max);
        }
    }
}
