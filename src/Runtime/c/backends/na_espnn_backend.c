/*
 * esp-nn backend: the na_* kernel interface mapped onto esp-nn's int8 kernels (ESP32-S3 PIE assembly).
 *
 * Quantisation is already esp-nn's (TFLite int8: per-channel Q31 multiplier + shift, input offset = -zero point,
 * output offset = +zero point, absolute clamp range), and the layouts are channels-last like esp-nn's NHWC / OHWI, so
 * dense convs, pools, fully connected and add are passed straight through: a 1-D signal [T][C] is an image of height
 * 1 and width T. Three adaptations, all cheap next to the kernel itself:
 *   - depthwise: our filter is [out][k] (one tap row per output channel), esp-nn's is TFLite's [k][out]; it is
 *     transposed into the scratch buffer on each call (k x C bytes for T x k x C MACs);
 *   - fully connected: esp-nn takes one multiplier/shift for all outputs, so it runs once per output channel;
 *   - dilation (esp-nn ignores it): a stride-1 dilated conv1d runs as d undilated convs over gathered rows
 *     (conv1d_dilated).
 * Everything else (dilated strided convs, grouped convs, transposed convs, dimensions over 65535, shifts esp-nn does not take,
 * not enough scratch) runs the portable kernel, which is the reference. Compiled only with NA_USE_ESP_NN (the
 * ESP-IDF build with the espressif/esp-nn component).
 *
 * Tested on the host against a plain-C reference of esp-nn's API semantics (tests/NeuralAudio.Esp32.Tests,
 * EspNnBackendTests). Not verified on hardware: esp-nn's S3 requantisation (esp_nn_multiply_by_quantized_mult_fast)
 * is documented as TFLite-compatible; a device run of the golden vectors (targets/host/tests/golden) is the check.
 */
#ifdef NA_USE_ESP_NN

#include <stddef.h>
#include <string.h>
#include "esp_nn.h"
#include "na_kernels.h"
#include "na_espnn_backend.h"

static int8_t *scratch;
static int32_t scratch_size;
static na_espnn_counters counters;

void na_espnn_set_scratch(void *buffer, int32_t size)
{
    scratch = (int8_t *)buffer;
    scratch_size = buffer != NULL && size > 0 ? size : 0;
}

na_espnn_counters na_espnn_get_counters(void)
{
    return counters;
}

static int fits_u16(int32_t v)
{
    return v >= 0 && v <= 65535;
}

static int32_t align16(int32_t v)
{
    return (v + 15) & ~15;
}

/* Dense conv on an image [h][w][cin], valid except for pad_h/pad_w (esp-nn skips taps outside the input). */
static int dense_conv(int8_t *scr, int32_t scr_size, int32_t in_h, int32_t in_w, int32_t cin, int32_t out_h,
                      int32_t out_w, int32_t cout, int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pad_h,
                      int32_t pad_w, int32_t in_offset, int32_t out_offset, int32_t act_min, int32_t act_max,
                      const int8_t *input, const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                      const int32_t *shift, int8_t *output)
{
    data_dims_t input_dims = {in_w, in_h, cin, 1};
    data_dims_t filter_dims = {kw, kh, cin, cout};
    data_dims_t output_dims = {out_w, out_h, cout, 1};
    conv_params_t params;
    quant_data_t quant;
    int need;
    params.in_offset = in_offset;
    params.out_offset = out_offset;
    params.stride.width = sw;
    params.stride.height = sh;
    params.padding.width = pad_w;
    params.padding.height = pad_h;
    params.dilation.width = 1;
    params.dilation.height = 1;
    params.activation.min = act_min;
    params.activation.max = act_max;
    quant.shift = (int32_t *)(uintptr_t)shift; /* esp-nn's struct is not const; it only reads */
    quant.mult = (int32_t *)(uintptr_t)multiplier;
    need = esp_nn_get_conv_scratch_size(&input_dims, &filter_dims, &output_dims, &params);
    if (need > scr_size) return 0;
    esp_nn_set_conv_scratch_buf(scr);
    esp_nn_conv_s8(&input_dims, input, &filter_dims, filter, bias, &output_dims, output, &params, &quant);
    return 1;
}

/* Depthwise conv; filter is ours, [cout][kh][kw], transposed to TFLite's [kh][kw][cout] at the start of scratch. */
static int depthwise_conv(int8_t *scr, int32_t scr_size, int32_t in_h, int32_t in_w, int32_t cin, int32_t out_h,
                          int32_t out_w, int32_t cout, int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pad_h,
                          int32_t pad_w, int32_t in_offset, int32_t out_offset, int32_t act_min, int32_t act_max,
                          const int8_t *input, const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                          const int32_t *shift, int8_t *output)
{
    data_dims_t input_dims = {in_w, in_h, cin, 1};
    data_dims_t filter_dims = {kw, kh, cout, 1};
    data_dims_t output_dims = {out_w, out_h, cout, 1};
    dw_conv_params_t params;
    quant_data_t quant;
    const int32_t taps = kh * kw;
    const int32_t filter_bytes = align16(taps * cout);
    int32_t o, t;
    int need;
    params.in_offset = in_offset;
    params.out_offset = out_offset;
    params.ch_mult = cout / cin;
    params.stride.width = sw;
    params.stride.height = sh;
    params.padding.width = pad_w;
    params.padding.height = pad_h;
    params.dilation.width = 1;
    params.dilation.height = 1;
    params.activation.min = act_min;
    params.activation.max = act_max;
    quant.shift = (int32_t *)(uintptr_t)shift;
    quant.mult = (int32_t *)(uintptr_t)multiplier;
    need = esp_nn_get_depthwise_conv_scratch_size(&input_dims, &filter_dims, &output_dims, &params);
    if (filter_bytes + need > scr_size) return 0;
    for (o = 0; o < cout; ++o)
        for (t = 0; t < taps; ++t) scr[t * cout + o] = filter[o * taps + t];
    esp_nn_set_depthwise_conv_scratch_buf(scr + filter_bytes);
    esp_nn_depthwise_conv_s8(&input_dims, input, &filter_dims, scr, bias, &output_dims, output, &params, &quant);
    return 1;
}

/* One undilated conv1d (dense or depthwise) on esp-nn over scr; 0 when esp-nn cannot run it. */
static int conv1d_undilated(const na_conv1d_params *p, int8_t *scr, int32_t scr_size, const int8_t *input,
                            int32_t input_length, int32_t out_length, const int8_t *filter, const int32_t *bias,
                            const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    if (p->groups == 1)
        return dense_conv(scr, scr_size, 1, input_length, p->in_channels, 1, out_length, p->out_channels, 1,
                          p->kernel, 1, p->stride, 0, 0, p->input_offset, p->output_offset, p->act_min, p->act_max,
                          input, filter, bias, multiplier, shift, output);
    if (p->groups == p->in_channels)
        return depthwise_conv(scr, scr_size, 1, input_length, p->in_channels, 1, out_length, p->out_channels, 1,
                              p->kernel, 1, p->stride, 0, 0, p->input_offset, p->output_offset, p->act_min,
                              p->act_max, input, filter, bias, multiplier, shift, output);
    return 0;
}

/*
 * Dilation d, stride 1, by phases: output t = r + m d only reads inputs r, r + d, r + 2d, ..., so each phase r is an
 * undilated conv over the gathered row x[r::d] whose outputs are scattered back to y[r::d]. Copies: the input and
 * the output once each, next to (k x C x T) MACs that now run on esp-nn.
 */
static int conv1d_dilated(const na_conv1d_params *p, const int8_t *input, int32_t input_length, int32_t out_length,
                          const int8_t *filter, const int32_t *bias, const int32_t *multiplier, const int32_t *shift,
                          int8_t *output)
{
    const int32_t d = p->dilation, cin = p->in_channels, cout = p->out_channels;
    const int32_t max_in = (input_length + d - 1) / d, max_out = (out_length + d - 1) / d;
    const int32_t rows = align16(max_in * cin) + align16(max_out * cout);
    int8_t *gathered = scratch, *results = scratch + align16(max_in * cin);
    int32_t r, m;
    if (p->stride != 1 || rows >= scratch_size) return 0;
    for (r = 0; r < d && r < out_length; ++r) {
        const int32_t in_r = (input_length - r + d - 1) / d, out_r = (out_length - r + d - 1) / d;
        for (m = 0; m < in_r; ++m) memcpy(gathered + m * cin, input + (r + m * d) * cin, (size_t)cin);
        if (!conv1d_undilated(p, scratch + rows, scratch_size - rows, gathered, in_r, out_r, filter, bias,
                              multiplier, shift, results))
            return 0; /* in practice the first phase (the largest); the portable kernel then rewrites all */
        for (m = 0; m < out_r; ++m) memcpy(output + (r + m * d) * cout, results + m * cout, (size_t)cout);
    }
    return 1;
}

void na_espnn_conv1d_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length, const int8_t *filter,
                        const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    const int32_t out_length = na_conv1d_output_length(p, input_length);
    int done = 0;
    if (out_length > 0 && fits_u16(input_length) && fits_u16(p->in_channels) && fits_u16(p->out_channels)) {
        if (p->dilation == 1)
            done = conv1d_undilated(p, scratch, scratch_size, input, input_length, out_length, filter, bias,
                                    multiplier, shift, output);
        else
            done = conv1d_dilated(p, input, input_length, out_length, filter, bias, multiplier, shift, output);
    }
    if (done) {
        ++counters.espnn_calls;
        return;
    }
    ++counters.portable_calls;
    na_conv1d_s8(p, input, input_length, filter, bias, multiplier, shift, output);
}

void na_espnn_conv2d_s8(const na_conv2d_params *p, const int8_t *input, const int8_t *filter, const int32_t *bias,
                        const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    int done = 0;
    if (p->dilation_h == 1 && p->dilation_w == 1 && fits_u16(p->in_height) && fits_u16(p->in_width) &&
        fits_u16(p->in_channels) && fits_u16(p->out_channels)) {
        if (p->groups == 1)
            done = dense_conv(scratch, scratch_size, p->in_height, p->in_width, p->in_channels, p->out_height, p->out_width,
                              p->out_channels, p->kernel_h, p->kernel_w, p->stride_h, p->stride_w, p->pad_top,
                              p->pad_left, p->input_offset, p->output_offset, p->act_min, p->act_max, input, filter,
                              bias, multiplier, shift, output);
        else if (p->groups == p->in_channels)
            done = depthwise_conv(scratch, scratch_size, p->in_height, p->in_width, p->in_channels, p->out_height, p->out_width,
                                  p->out_channels, p->kernel_h, p->kernel_w, p->stride_h, p->stride_w, p->pad_top,
                                  p->pad_left, p->input_offset, p->output_offset, p->act_min, p->act_max, input,
                                  filter, bias, multiplier, shift, output);
    }
    if (done) {
        ++counters.espnn_calls;
        return;
    }
    ++counters.portable_calls;
    na_conv2d_s8(p, input, filter, bias, multiplier, shift, output);
}

void na_espnn_linear_s8(const na_linear_params *p, const int8_t *input, int32_t rows, const int8_t *filter,
                        const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    int32_t r, o;
    if (!fits_u16(p->in_features)) {
        ++counters.portable_calls;
        na_linear_s8(p, input, rows, filter, bias, multiplier, shift, output);
        return;
    }
    /* esp-nn's fully connected has one multiplier for all outputs: one call per output channel. */
    for (r = 0; r < rows; ++r)
        for (o = 0; o < p->out_features; ++o)
            esp_nn_fully_connected_s8(input + r * p->in_features, p->input_offset, (uint16_t)p->in_features,
                                      filter + o * p->in_features, 0, bias != NULL ? bias + o : NULL,
                                      output + r * p->out_features + o, 1, p->output_offset, shift[o],
                                      multiplier[o], p->act_min, p->act_max);
    ++counters.espnn_calls;
}

static int pool2d(int max, const int8_t *input, int32_t in_h, int32_t in_w, int32_t kh, int32_t kw, int32_t sh,
                  int32_t sw, int32_t channels, int32_t act_min, int32_t act_max, int8_t *output)
{
    int32_t out_h, out_w;
    if (in_h < kh || in_w < kw || !fits_u16(in_h) || !fits_u16(in_w) || !fits_u16(channels)) return 0;
    out_h = (in_h - kh) / sh + 1;
    out_w = (in_w - kw) / sw + 1;
    if (max)
        esp_nn_max_pool_s8(input, (uint16_t)in_w, (uint16_t)in_h, output, (uint16_t)out_w, (uint16_t)out_h,
                           (uint16_t)sw, (uint16_t)sh, (uint16_t)kw, (uint16_t)kh, 0, 0, act_min, act_max,
                           (uint16_t)channels);
    else
        esp_nn_avg_pool_s8(input, (uint16_t)in_w, (uint16_t)in_h, output, (uint16_t)out_w, (uint16_t)out_h,
                           (uint16_t)sw, (uint16_t)sh, (uint16_t)kw, (uint16_t)kh, 0, 0, act_min, act_max,
                           (uint16_t)channels);
    return 1;
}

void na_espnn_max_pool1d_s8(const na_pool1d_params *p, const int8_t *input, int32_t input_length, int8_t *output)
{
    if (pool2d(1, input, 1, input_length, 1, p->kernel, 1, p->stride, p->channels, p->act_min, p->act_max, output)) {
        ++counters.espnn_calls;
        return;
    }
    ++counters.portable_calls;
    na_max_pool1d_s8(p, input, input_length, output);
}

void na_espnn_avg_pool1d_s8(const na_pool1d_params *p, const int8_t *input, int32_t input_length, int8_t *output)
{
    if (pool2d(0, input, 1, input_length, 1, p->kernel, 1, p->stride, p->channels, p->act_min, p->act_max, output)) {
        ++counters.espnn_calls;
        return;
    }
    ++counters.portable_calls;
    na_avg_pool1d_s8(p, input, input_length, output);
}

void na_espnn_max_pool2d_s8(const na_pool2d_params *p, const int8_t *input, int8_t *output)
{
    if (pool2d(1, input, p->in_height, p->in_width, p->kernel_h, p->kernel_w, p->stride_h, p->stride_w, p->channels,
               p->act_min, p->act_max, output)) {
        ++counters.espnn_calls;
        return;
    }
    ++counters.portable_calls;
    na_max_pool2d_s8(p, input, output);
}

void na_espnn_avg_pool2d_s8(const na_pool2d_params *p, const int8_t *input, int8_t *output)
{
    if (pool2d(0, input, p->in_height, p->in_width, p->kernel_h, p->kernel_w, p->stride_h, p->stride_w, p->channels,
               p->act_min, p->act_max, output)) {
        ++counters.espnn_calls;
        return;
    }
    ++counters.portable_calls;
    na_avg_pool2d_s8(p, input, output);
}

void na_espnn_add_s8(const na_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size)
{
    /* esp-nn's add expects non-positive input and output shifts (right shifts only). */
    if (p->input1_shift > 0 || p->input2_shift > 0 || p->output_shift > 0) {
        ++counters.portable_calls;
        na_add_s8(p, input1, input2, output, size);
        return;
    }
    esp_nn_add_elementwise_s8(input1, input2, p->input1_offset, p->input2_offset, p->input1_multiplier,
                              p->input2_multiplier, p->input1_shift, p->input2_shift, p->left_shift, output,
                              p->output_offset, p->output_multiplier, p->output_shift, p->act_min, p->act_max, size);
    ++counters.espnn_calls;
}

#else
/* ISO C forbids an empty translation unit. */
typedef int na_espnn_backend_unused;
#endif /* NA_USE_ESP_NN */
