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
        oc = 0;
        if (cin < 32) {
            /* Narrow rows (too short to vectorise): four output channels per pass share each input value. */
            const int16_t off = (int16_t)p->input_offset;
            for (; oc + 4 <= p->out_channels; oc += 4, w += 4 * cin) {
                int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, i, j;
                for (i = 0; i < cin; ++i) {
                    const int32_t v = (int16_t)(x[i] + off);
                    a0 += v * w[i];
                    a1 += v * w[cin + i];
                    a2 += v * w[2 * cin + i];
                    a3 += v * w[3 * cin + i];
                }
                {
                    int32_t acc4[4];
                    acc4[0] = a0; acc4[1] = a1; acc4[2] = a2; acc4[3] = a3;
                    for (j = 0; j < 4; ++j) {
                        const int32_t acc = bias != 0 ? acc4[j] + bias[oc + j] : acc4[j];
                        out_row[oc + j] = na_requantize(acc, multiplier[oc + j], shift[oc + j], p->output_offset,
                                                        p->act_min, p->act_max);
                    }
                }
            }
        }
        for (; oc < p->out_channels; ++oc, w += cin) {
            int32_t acc = na_dot_s8(x, w, cin, p->input_offset);
            if (bias != 0) acc += bias[oc];
            out_row[oc] = na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min, p->act_max);
        }
    }
}

/* Channels per block and most taps of the vectorised depthwise loop (stack: 32 int32 sums and 16 x 32 int8 taps,
 * under 700 bytes, small enough for an ESP32 task stack). */
#define NA_DW_BLOCK 32
#define NA_DW_MAX_TAPS 16

void na_conv1d_depthwise_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length,
                            const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                            const int32_t *shift, int8_t *output)
{
    const int32_t out_length = na_conv1d_output_length(p, input_length);
    const int32_t cin = p->in_channels;
    const int32_t depth_multiplier = p->out_channels / cin;
    const int32_t tap_step = p->dilation * cin;
    const int16_t off = (int16_t)p->input_offset;
    int32_t t, c, m, k, c0;
    if (depth_multiplier != 1 || p->kernel > NA_DW_MAX_TAPS) {
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
        return;
    }
    /* One output per channel: taps outer and channels inner, so the channel loop runs over contiguous memory and
     * vectorises. The block's taps are transposed to [k][c] once per call and reused for every time step. */
    for (c0 = 0; c0 < cin; c0 += NA_DW_BLOCK) {
        const int32_t n = cin - c0 < NA_DW_BLOCK ? cin - c0 : NA_DW_BLOCK;
        int8_t taps[NA_DW_MAX_TAPS][NA_DW_BLOCK];
        for (k = 0; k < p->kernel; ++k)
            for (c = 0; c < n; ++c) taps[k][c] = filter[(c0 + c) * p->kernel + k];
        for (t = 0; t < out_length; ++t) {
            const int8_t *window = input + t * p->stride * cin + c0;
            int8_t *out_row = output + t * p->out_channels + c0;
            int32_t acc[NA_DW_BLOCK];
            for (c = 0; c < n; ++c) acc[c] = 0;
            for (k = 0; k < p->kernel; ++k) {
                const int8_t *x = window + k * tap_step;
                const int8_t *w = taps[k];
                for (c = 0; c < n; ++c) acc[c] += (int32_t)(int16_t)(x[c] + off) * (int32_t)w[c];
            }
            for (c = 0; c < n; ++c) {
                const int32_t sum = bias != 0 ? acc[c] + bias[c0 + c] : acc[c];
                out_row[c] = na_requantize(sum, multiplier[c0 + c], shift[c0 + c], p->output_offset, p->act_min,
                                           p->act_max);
            }
        }
    }
}

/* Output channels per block and most taps x input channels of the vectorised dense PCM loop (stack: 32 int32 sums
 * and 16 x 32 int16 taps, about 1.2 KiB). */
#define NA_PCM_BLOCK 32
#define NA_PCM_MAX_TAPS 16

void na_conv1d_pcm_s16(const na_conv1d_params *p, const int16_t *input, int32_t input_length, const int8_t *filter,
                       const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    const int32_t out_length = na_conv1d_output_length(p, input_length);
    const int32_t in_per_group = p->in_channels / p->groups;
    const int32_t out_per_group = p->out_channels / p->groups;
    const int32_t tap_step = p->dilation * p->in_channels;
    const int32_t fan_in = p->kernel * in_per_group;
    int32_t t, oc, k, i, c, oc0;
#if NA_X86_SIMD
    if (na_x86_conv1d_pcm_s16(p, input, input_length, filter, bias, multiplier, shift, output)) return;
#endif
    if (p->groups == 1 && fan_in <= NA_PCM_MAX_TAPS) {
        /* Dense (an encoder's one-channel stem): every output channel reads the same samples, so output channels run
         * innermost over taps transposed to [k * C_in + i][oc] once per call: contiguous, and it vectorises. The
         * int32 sums are exact, so the order changes nothing. */
        for (oc0 = 0; oc0 < p->out_channels; oc0 += NA_PCM_BLOCK) {
            const int32_t n = p->out_channels - oc0 < NA_PCM_BLOCK ? p->out_channels - oc0 : NA_PCM_BLOCK;
            /* int16 taps: int16 x int16 products widen to int32 in SIMD registers (SSE2 pmullw/pmulhw, NEON vmlal) */
            int16_t taps[NA_PCM_MAX_TAPS][NA_PCM_BLOCK];
            for (k = 0; k < fan_in; ++k)
                for (c = 0; c < n; ++c) taps[k][c] = filter[(oc0 + c) * fan_in + k];
            for (t = 0; t < out_length; ++t) {
                const int16_t *window = input + t * p->stride * p->in_channels;
                int8_t *out_row = output + t * p->out_channels + oc0;
                int32_t acc[NA_PCM_BLOCK];
                for (c = 0; c < n; ++c) acc[c] = 0;
                for (k = 0; k < p->kernel; ++k) {
                    for (i = 0; i < p->in_channels; ++i) {
                        const int16_t x = window[k * tap_step + i];
                        const int16_t *w = taps[k * p->in_channels + i];
                        for (c = 0; c < n; ++c) acc[c] += (int32_t)x * (int32_t)w[c];
                    }
                }
                for (c = 0; c < n; ++c) {
                    const int32_t sum = bias != 0 ? acc[c] + bias[oc0 + c] : acc[c];
                    out_row[c] = na_requantize(sum, multiplier[oc0 + c], shift[oc0 + c], p->output_offset, p->act_min,
                                               p->act_max);
                }
            }
        }
        return;
    }
    for (t = 0; t < out_length; ++t) {
        const int16_t *window = input + t * p->stride * p->in_channels;
        int8_t *out_row = output + t * p->out_channels;
        for (oc = 0; oc < p->out_channels; ++oc) {
            const int16_t *x = window + (oc / out_per_group) * in_per_group;
            const int8_t *w = filter + oc * fan_in;
            int32_t acc = 0;
            for (k = 0; k < p->kernel; ++k)
                for (i = 0; i < in_per_group; ++i) acc += (int32_t)x[k * tap_step + i] * (int32_t)w[k * in_per_group + i];
            if (bias != 0) acc += bias[oc];
            out_row[oc] = na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min, p->act_max);
        }
    }
}

void na_conv1d_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length, const int8_t *filter,
                  const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
#if NA_X86_SIMD
    if (na_x86_conv1d_s8(p, input, input_length, filter, bias, multiplier, shift, output)) return;
#endif
    if (p->kernel == 1 && p->groups == 1) {
        na_conv1d_pointwise_s8(p, input, input_length, filter, bias, multiplier, shift, output);
    } else if (p->groups == p->in_channels && p->groups > 1) {
        na_conv1d_depthwise_s8(p, input, input_length, filter, bias, multiplier, shift, output);
    } else {
        na_conv1d_s8_generic(p, input, input_length, filter, bias, multiplier, shift, output);
    }
}
