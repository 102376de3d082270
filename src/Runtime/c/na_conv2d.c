/*
 * 2-D convolution over a channels-last map [H][W][C] with implicit zero-point padding: only in-range taps are
 * visited, so padding costs nothing and needs no copy.
 */
#include "na_internal.h"

/* First tap j >= 0 with origin + j * dilation >= 0. */
static int32_t na_first_tap(int32_t origin, int32_t dilation)
{
    return origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
}

/* One past the last tap j < kernel with origin + j * dilation < size (may be <= the first tap: no taps). */
static int32_t na_end_tap(int32_t origin, int32_t dilation, int32_t size, int32_t kernel)
{
    int32_t end;
    if (origin > size - 1) return 0;
    end = (size - 1 - origin) / dilation + 1;
    return end < kernel ? end : kernel;
}

void na_conv2d_s8(const na_conv2d_params *p, const int8_t *input, const int8_t *filter, const int32_t *bias,
                  const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    const int32_t cin = p->in_channels;
    const int32_t in_per_group = cin / p->groups;
    const int32_t out_per_group = p->out_channels / p->groups;
    /* Dense rows without dilation: taps j0..j1 of a kernel row and all channels are contiguous in both the
     * input and the filter, so each row is a single dot product. */
    const int contiguous_rows = p->dilation_w == 1 && p->groups == 1;
    int32_t oy, ox, oc, i, j;
    for (oy = 0; oy < p->out_height; ++oy) {
        const int32_t y0 = oy * p->stride_h - p->pad_top;
        const int32_t i_begin = na_first_tap(y0, p->dilation_h);
        const int32_t i_end = na_end_tap(y0, p->dilation_h, p->in_height, p->kernel_h);
        for (ox = 0; ox < p->out_width; ++ox) {
            const int32_t x0 = ox * p->stride_w - p->pad_left;
            const int32_t j_begin = na_first_tap(x0, p->dilation_w);
            const int32_t j_end = na_end_tap(x0, p->dilation_w, p->in_width, p->kernel_w);
            int8_t *out_px = output + (oy * p->out_width + ox) * p->out_channels;
            for (oc = 0; oc < p->out_channels; ++oc) {
                const int32_t first_in = (oc / out_per_group) * in_per_group;
                const int8_t *w_oc = filter + oc * p->kernel_h * p->kernel_w * in_per_group;
                int32_t acc = 0;
                for (i = i_begin; i < i_end; ++i) {
                    const int32_t y = y0 + i * p->dilation_h;
                    const int8_t *w_row = w_oc + i * p->kernel_w * in_per_group;
                    if (contiguous_rows) {
                        if (j_end > j_begin) {
                            acc += na_dot_s8(input + (y * p->in_width + x0 + j_begin) * cin,
                                             w_row + j_begin * cin, (j_end - j_begin) * cin, p->input_offset);
                        }
                    } else {
                        for (j = j_begin; j < j_end; ++j) {
                            const int32_t x = x0 + j * p->dilation_w;
                            acc += na_dot_s8(input + (y * p->in_width + x) * cin + first_in,
                                             w_row + j * in_per_group, in_per_group, p->input_offset);
                        }
                    }
                }
                if (bias != 0) acc += bias[oc];
                out_px[oc] = na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min, p->act_max);
            }
        }
    }
}
