/*
 * Max and average pooling, floor mode, no padding. Input and output share one quantisation, so no requantisation:
 * the average is the rounded mean of the raw int8 values (TFLite's AveragePool).
 */
#include "na_kernels.h"

static int32_t na_pool_extent(int32_t size, int32_t kernel, int32_t stride)
{
    return size < kernel ? 0 : (size - kernel) / stride + 1;
}

/* TFLite's rounding: half away from zero. C99 division truncates toward zero. */
static int32_t na_rounded_mean(int32_t sum, int32_t count)
{
    return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

static int8_t na_clamp_to_s8(int32_t v, int32_t act_min, int32_t act_max)
{
    if (v < act_min) v = act_min;
    if (v > act_max) v = act_max;
    return (int8_t)v;
}

int32_t na_pool1d_output_length(const na_pool1d_params *p, int32_t input_length)
{
    return na_pool_extent(input_length, p->kernel, p->stride);
}

int32_t na_pool2d_output_height(const na_pool2d_params *p)
{
    return na_pool_extent(p->in_height, p->kernel_h, p->stride_h);
}

int32_t na_pool2d_output_width(const na_pool2d_params *p)
{
    return na_pool_extent(p->in_width, p->kernel_w, p->stride_w);
}

void na_max_pool1d_s8(const na_pool1d_params *p, const int8_t *input, int32_t input_length, int8_t *output)
{
    const int32_t out_length = na_pool1d_output_length(p, input_length);
    int32_t t, c, k;
    for (t = 0; t < out_length; ++t) {
        const int8_t *window = input + t * p->stride * p->channels;
        for (c = 0; c < p->channels; ++c) {
            int32_t m = -128;
            for (k = 0; k < p->kernel; ++k) {
                const int32_t v = window[k * p->channels + c];
                if (v > m) m = v;
            }
            output[t * p->channels + c] = na_clamp_to_s8(m, p->act_min, p->act_max);
        }
    }
}

void na_avg_pool1d_s8(const na_pool1d_params *p, const int8_t *input, int32_t input_length, int8_t *output)
{
    const int32_t out_length = na_pool1d_output_length(p, input_length);
    int32_t t, c, k;
    for (t = 0; t < out_length; ++t) {
        const int8_t *window = input + t * p->stride * p->channels;
        for (c = 0; c < p->channels; ++c) {
            int32_t sum = 0;
            for (k = 0; k < p->kernel; ++k) sum += window[k * p->channels + c];
            output[t * p->channels + c] =
                na_clamp_to_s8(na_rounded_mean(sum, p->kernel), p->act_min, p->act_max);
        }
    }
}

void na_max_pool2d_s8(const na_pool2d_params *p, const int8_t *input, int8_t *output)
{
    const int32_t out_h = na_pool2d_output_height(p);
    const int32_t out_w = na_pool2d_output_width(p);
    const int32_t row = p->in_width * p->channels;
    int32_t oy, ox, c, i, j;
    for (oy = 0; oy < out_h; ++oy) {
        for (ox = 0; ox < out_w; ++ox) {
            const int8_t *window = input + oy * p->stride_h * row + ox * p->stride_w * p->channels;
            int8_t *out_px = output + (oy * out_w + ox) * p->channels;
            for (c = 0; c < p->channels; ++c) {
                int32_t m = -128;
                for (i = 0; i < p->kernel_h; ++i) {
                    for (j = 0; j < p->kernel_w; ++j) {
                        const int32_t v = window[i * row + j * p->channels + c];
                        if (v > m) m = v;
                    }
                }
                out_px[c] = na_clamp_to_s8(m, p->act_min, p->act_max);
            }
        }
    }
}

void na_avg_pool2d_s8(const na_pool2d_params *p, const int8_t *input, int8_t *output)
{
    const int32_t out_h = na_pool2d_output_height(p);
    const int32_t out_w = na_pool2d_output_width(p);
    const int32_t row = p->in_width * p->channels;
    const int32_t count = p->kernel_h * p->kernel_w;
    int32_t oy, ox, c, i, j;
    for (oy = 0; oy < out_h; ++oy) {
        for (ox = 0; ox < out_w; ++ox) {
            const int8_t *window = input + oy * p->stride_h * row + ox * p->stride_w * p->channels;
            int8_t *out_px = output + (oy * out_w + ox) * p->channels;
            for (c = 0; c < p->channels; ++c) {
                int32_t sum = 0;
                for (i = 0; i < p->kernel_h; ++i) {
                    for (j = 0; j < p->kernel_w; ++j) sum += window[i * row + j * p->channels + c];
                }
                out_px[c] = na_clamp_to_s8(na_rounded_mean(sum, count), p->act_min, p->act_max);
            }
        }
    }
}
