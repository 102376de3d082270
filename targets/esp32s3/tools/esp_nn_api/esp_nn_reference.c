/*
 * Reference semantics of the esp-nn functions na_espnn_backend.c calls (TFLite int8: NHWC activations, OHWI conv
 * filters, [kh][kw][out] depthwise filters, per-channel MultiplyByQuantizedMultiplier), written as plain loops for
 * host tests of the backend's glue: layouts, the depthwise filter transpose, dilation by phases, per-channel fully
 * connected, pools and add. Scratch is honoured like esp-nn's: the size function asks for a buffer and the kernels
 * scribble over all of it, so glue that keeps live data in the wrong part of the scratch fails the comparison. Not the
 * real esp-nn (whose S3 assembly this host cannot run).
 */
#include <string.h>
#include "esp_nn.h"
#include "na_kernels.h"

static void *conv_scratch, *dw_scratch;

static int8_t finish(int32_t acc, int32_t mult, int32_t shift, int32_t out_offset, int32_t lo, int32_t hi)
{
    int32_t v = na_multiply_by_quantized_multiplier(acc, mult, shift) + out_offset;
    return (int8_t)(v < lo ? lo : v > hi ? hi : v);
}

static int scratch_need(const data_dims_t *in, const data_dims_t *filter, const data_dims_t *out)
{
    return 2 * (filter->width * filter->height * in->channels * out->channels + in->width * in->height * in->channels) + 32;
}

int esp_nn_get_conv_scratch_size(const data_dims_t *input_dims, const data_dims_t *filter_dims,
                                 const data_dims_t *output_dims, const conv_params_t *conv_params)
{
    (void)conv_params;
    return scratch_need(input_dims, filter_dims, output_dims);
}

void esp_nn_set_conv_scratch_buf(const void *buf) { conv_scratch = (void *)(uintptr_t)buf; }

void esp_nn_conv_s8(const data_dims_t *in, const int8_t *input, const data_dims_t *fd, const int8_t *filter,
                    const int32_t *bias, const data_dims_t *out, int8_t *output, const conv_params_t *p,
                    const quant_data_t *q)
{
    int32_t oy, ox, oc, fy, fx, ic;
    memset(conv_scratch, 0x55, (size_t)scratch_need(in, fd, out));
    for (oy = 0; oy < out->height; ++oy)
        for (ox = 0; ox < out->width; ++ox)
            for (oc = 0; oc < out->channels; ++oc) {
                int32_t acc = bias != NULL ? bias[oc] : 0;
                for (fy = 0; fy < fd->height; ++fy)
                    for (fx = 0; fx < fd->width; ++fx) {
                        const int32_t iy = oy * p->stride.height - p->padding.height + fy;
                        const int32_t ix = ox * p->stride.width - p->padding.width + fx;
                        if (iy < 0 || iy >= in->height || ix < 0 || ix >= in->width) continue;
                        for (ic = 0; ic < in->channels; ++ic)
                            acc += (input[(iy * in->width + ix) * in->channels + ic] + p->in_offset) *
                                   filter[((oc * fd->height + fy) * fd->width + fx) * in->channels + ic];
                    }
                output[(oy * out->width + ox) * out->channels + oc] =
                    finish(acc, q->mult[oc], q->shift[oc], p->out_offset, p->activation.min, p->activation.max);
            }
}

int esp_nn_get_depthwise_conv_scratch_size(const data_dims_t *input_dims, const data_dims_t *filter_dims,
                                           const data_dims_t *output_dims, const dw_conv_params_t *conv_params)
{
    (void)conv_params;
    return input_dims->width * input_dims->height * input_dims->channels + filter_dims->width * filter_dims->height * output_dims->channels + 16;
}

void esp_nn_set_depthwise_conv_scratch_buf(const void *buf) { dw_scratch = (void *)(uintptr_t)buf; }

void esp_nn_depthwise_conv_s8(const data_dims_t *in, const int8_t *input, const data_dims_t *fd,
                              const int8_t *filter, const int32_t *bias, const data_dims_t *out, int8_t *output,
                              const dw_conv_params_t *p, const quant_data_t *q)
{
    int32_t oy, ox, oc, fy, fx;
    memset(dw_scratch, 0x55, (size_t)esp_nn_get_depthwise_conv_scratch_size(in, fd, out, p));
    for (oy = 0; oy < out->height; ++oy)
        for (ox = 0; ox < out->width; ++ox)
            for (oc = 0; oc < out->channels; ++oc) {
                const int32_t ic = oc / p->ch_mult;
                int32_t acc = bias != NULL ? bias[oc] : 0;
                for (fy = 0; fy < fd->height; ++fy)
                    for (fx = 0; fx < fd->width; ++fx) {
                        const int32_t iy = oy * p->stride.height - p->padding.height + fy;
                        const int32_t ix = ox * p->stride.width - p->padding.width + fx;
                        if (iy < 0 || iy >= in->height || ix < 0 || ix >= in->width) continue;
                        acc += (input[(iy * in->width + ix) * in->channels + ic] + p->in_offset) *
                               filter[(fy * fd->width + fx) * out->channels + oc];
                    }
                output[(oy * out->width + ox) * out->channels + oc] =
                    finish(acc, q->mult[oc], q->shift[oc], p->out_offset, p->activation.min, p->activation.max);
            }
}

void esp_nn_fully_connected_s8(const int8_t *input_data, const int32_t input_offset, const uint16_t row_len,
                               const int8_t *filter_data, const int32_t filter_offset, const int32_t *bias,
                               int8_t *out_data, const uint16_t out_channels, const int32_t out_offset,
                               const int32_t out_shift, const int32_t out_mult, const int32_t activation_min,
                               const int32_t activation_max)
{
    int32_t c, i;
    for (c = 0; c < out_channels; ++c) {
        int32_t acc = bias != NULL ? bias[c] : 0;
        for (i = 0; i < row_len; ++i)
            acc += (input_data[i] + input_offset) * (filter_data[c * row_len + i] + filter_offset);
        out_data[c] = finish(acc, out_mult, out_shift, out_offset, activation_min, activation_max);
    }
}

static void pool(int max, const int8_t *input, uint16_t iw, uint16_t ih, int8_t *output, uint16_t ow, uint16_t oh,
                 uint16_t sw, uint16_t sh, uint16_t fw, uint16_t fh, int32_t lo, int32_t hi, uint16_t channels)
{
    int32_t oy, ox, c, y, x;
    (void)ih;
    for (oy = 0; oy < oh; ++oy)
        for (ox = 0; ox < ow; ++ox)
            for (c = 0; c < channels; ++c) {
                int32_t best = -128, sum = 0, n = fw * fh, v;
                for (y = 0; y < fh; ++y)
                    for (x = 0; x < fw; ++x) {
                        v = input[((oy * sh + y) * iw + ox * sw + x) * channels + c];
                        if (v > best) best = v;
                        sum += v;
                    }
                v = max ? best : (sum > 0 ? (sum + n / 2) / n : (sum - n / 2) / n);
                output[(oy * ow + ox) * channels + c] = (int8_t)(v < lo ? lo : v > hi ? hi : v);
            }
}

void esp_nn_max_pool_s8(const int8_t *input, const uint16_t input_wd, const uint16_t input_ht, int8_t *output,
                        const uint16_t output_wd, const uint16_t output_ht, const uint16_t stride_wd,
                        const uint16_t stride_ht, const uint16_t filter_wd, const uint16_t filter_ht,
                        const uint16_t pad_wd, const uint16_t pad_ht, const int32_t activation_min,
                        const int32_t activation_max, const uint16_t channels)
{
    (void)pad_wd;
    (void)pad_ht;
    pool(1, input, input_wd, input_ht, output, output_wd, output_ht, stride_wd, stride_ht, filter_wd, filter_ht,
         activation_min, activation_max, channels);
}

void esp_nn_avg_pool_s8(const int8_t *input, const uint16_t input_wd, const uint16_t input_ht, int8_t *output,
                        const uint16_t output_wd, const uint16_t output_ht, const uint16_t stride_wd,
                        const uint16_t stride_ht, const uint16_t filter_wd, const uint16_t filter_ht,
                        const uint16_t pad_wd, const uint16_t pad_ht, const int32_t activation_min,
                        const int32_t activation_max, const uint16_t channels)
{
    (void)pad_wd;
    (void)pad_ht;
    pool(0, input, input_wd, input_ht, output, output_wd, output_ht, stride_wd, stride_ht, filter_wd, filter_ht,
         activation_min, activation_max, channels);
}

void esp_nn_add_elementwise_s8(const int8_t *input1_data, const int8_t *input2_data, const int32_t input1_offset,
                               const int32_t input2_offset, const int32_t input1_mult, const int32_t input2_mult,
                               const int32_t input1_shift, const int32_t input2_shift, const int32_t left_shift,
                               int8_t *output, const int32_t out_offset, const int32_t out_mult,
                               const int32_t out_shift, const int32_t activation_min, const int32_t activation_max,
                               const int32_t size)
{
    int32_t i;
    for (i = 0; i < size; ++i) {
        const int32_t a = na_multiply_by_quantized_multiplier((input1_data[i] + input1_offset) * (1 << left_shift), input1_mult, input1_shift);
        const int32_t b = na_multiply_by_quantized_multiplier((input2_data[i] + input2_offset) * (1 << left_shift), input2_mult, input2_shift);
        output[i] = finish(a + b, out_mult, out_shift, out_offset, activation_min, activation_max);
    }
}
