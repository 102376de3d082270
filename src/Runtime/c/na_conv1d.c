/*
 * Valid 1-D convolution over a channels-last window [L][C]. The window already holds the left padding or the
 * streaming state; see na_kernels.h.
 */
#include "na_internal.h"

int32_t na_conv1d_output_length(const na_conv1d_params *p, int32_t input_length)
{
    const int32_t span = (p->kernel - 1) * p->dilation + 1;
    if (input_length < span) return 0;
    return (input_length - span) / p->stride + 1;
}

void na_conv1d_s8_generic(const na_conv1d_params *p, const int8_t *input, int32_t input_length,
                          const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                          const int32_t *shift, int8_t *output)
{
    const int32_t out_length = na_conv1d_output_length(p, input_length);
    const int32_t in_per_group = p->in_channels / p->groups;
    const int32_t out_per_group = p->out_channels / p->groups;
    const int32_t tap_step = p->dilation * p->in_channels;
    int32_t t, oc, k;
    for (t = 0; t < out_length; ++t) {
        const int8_t *window = input + t * p->stride * p->in_channels;
        int8_t *out_row = output + t * p->out_channels;
        for (oc = 0; oc < p->out_channels; ++oc) {
            const int32_t first_in = (oc / out_per_group) * in_per_group;
            const int8_t *w = filter + oc * p->kernel * in_per_group;
            int32_t acc = 0;
            for (k = 0; k < p->kernel; ++k) {
                acc += na_dot_s8(window + k * tap_step + first_in, w + k * in_per_group, in_per_group,
                                 p->input_offset);
            }
            if (bias != 0) acc += bias[oc];
            out_row[oc] = na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min, p->act_max);
        }
    }
}

void na_conv1d_pointwise_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length,
                            const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                            const int32_t *shift, int8_t *output)
{
    const int32_t out_length = na_conv1d_output_length(p, input_length);
    const int32_t cin = p->in_channels;
    int32_t t, oc;
    for (t = 0; t < out_length; ++t) {
        const int8_t *x = input + t * p->stride * cin;
        int8_t *out_row = output + t * p->out_channels;
        const int8_t *w = filter;
        for (oc = 0; oc < p->out_channels; ++oc, w += cin) {
            int32_t acc = na_dot_s8(x, w, cin, p->input_offset);
            if (bias != 0) acc += bias[oc];
            out_row[oc] = na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min, p->act_max);
        }
    }
}

void na_conv1d_depthwise_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length,
                            const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                            const int32_t *shift, int8_t *output)
{
    const int32_t out_length = na_conv1d_output_length(p, input_length);
    const int32_t cin = p->in_channels;
    const int32_t depth_multiplier = p->out_channels / cin;
    const int32_t tap_step = p->dilation * cin;
    int32_t t, c, m, k;
    for (t = 0; t < out_length; ++t) {
        const int8_t *window = input + t * p->stride * cin;
        int8_t *out_row = output + t * p->out_channels;
        for (c = 0; c < cin; ++c) {
            for (m = 0; m < depth_multiplier; ++m) {
                const int32_t oc = c * depth_multiplier + m;
                const int8_t *w = filter + oc * p->kernel;
                const int8_t *x = window + c;
                int32_t acc = 0;
                for (k = 0; k < p->kernel; ++k) acc += ((int32_t)x[k * tap_step] + p->input_offset) * (int32_t)w[k];
                if (bias != 0) acc += bias[oc];
                out_row[oc] = na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min,
                                            p->act_max);
            }
        }
    }
}

void na_conv1d_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length, const int8_t *filter,
                  const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    if (p->kernel == 1 && p->groups == 1) {
        na_conv1d_pointwise_s8(p, input, input_length, filter, bias, multiplier, shift, output);
    } else if (p->groups == p->in_channels && p->groups > 1) {
        na_conv1d_depthwise_s8(p, input, input_length, filter, bias, multiplier, shift, output);
    } else {
        na_conv1d_s8_generic(p, input, input_length, filter, bias, multiplier, shift, output);
    }
}
