/*
 * Compile-check stand-in for esp-nn's public header (espressif/esp-nn include/esp_nn.h + esp_nn_defs.h): the types
 * and the prototypes na_espnn_backend.c calls, written from esp-nn's documented API, declarations only. It lets
 * tools/cross-check.sh compile the esp-nn backend with -Werror where ESP-IDF is not installed; the firmware build
 * uses the real component (main/idf_component.yml) and never sees this file.
 */
#ifndef NA_ESP_NN_API_STANDIN_H
#define NA_ESP_NN_API_STANDIN_H

#include <stdint.h>

typedef struct data_dims { int32_t width, height, channels, extra; } data_dims_t;
typedef struct data_2d { int32_t width, height; } data_2d_t;
typedef struct act_params { int32_t min, max; } act_params_t;
typedef struct quant_data { int32_t *shift; int32_t *mult; } quant_data_t;
typedef struct conv_params {
    int32_t in_offset, out_offset;
    data_2d_t stride, padding, dilation;
    act_params_t activation;
} conv_params_t;
typedef struct dw_conv_params {
    int32_t in_offset, out_offset, ch_mult;
    data_2d_t stride, padding, dilation;
    act_params_t activation;
} dw_conv_params_t;

int esp_nn_get_conv_scratch_size(const data_dims_t *input_dims, const data_dims_t *filter_dims,
                                 const data_dims_t *output_dims, const conv_params_t *conv_params);
void esp_nn_set_conv_scratch_buf(const void *buf);
void esp_nn_conv_s8(const data_dims_t *input_dims, const int8_t *input_data, const data_dims_t *filter_dims,
                    const int8_t *filter_data, const int32_t *bias, const data_dims_t *output_dims, int8_t *out_data,
                    const conv_params_t *conv_params, const quant_data_t *quant_data);
int esp_nn_get_depthwise_conv_scratch_size(const data_dims_t *input_dims, const data_dims_t *filter_dims,
                                           const data_dims_t *output_dims, const dw_conv_params_t *conv_params);
void esp_nn_set_depthwise_conv_scratch_buf(const void *buf);
void esp_nn_depthwise_conv_s8(const data_dims_t *input_dims, const int8_t *input_data,
                              const data_dims_t *filter_dims, const int8_t *filter_data, const int32_t *bias,
                              const data_dims_t *output_dims, int8_t *out_data, const dw_conv_params_t *conv_params,
                              const quant_data_t *quant_data);
void esp_nn_fully_connected_s8(const int8_t *input_data, const int32_t input_offset, const uint16_t row_len,
                               const int8_t *filter_data, const int32_t filter_offset, const int32_t *bias,
                               int8_t *out_data, const uint16_t out_channels, const int32_t out_offset,
                               const int32_t out_shift, const int32_t out_mult, const int32_t activation_min,
                               const int32_t activation_max);
void esp_nn_max_pool_s8(const int8_t *input, const uint16_t input_wd, const uint16_t input_ht, int8_t *output,
                        const uint16_t output_wd, const uint16_t output_ht, const uint16_t stride_wd,
                        const uint16_t stride_ht, const uint16_t filter_wd, const uint16_t filter_ht,
                        const uint16_t pad_wd, const uint16_t pad_ht, const int32_t activation_min,
                        const int32_t activation_max, const uint16_t channels);
void esp_nn_avg_pool_s8(const int8_t *input, const uint16_t input_wd, const uint16_t input_ht, int8_t *output,
                        const uint16_t output_wd, const uint16_t output_ht, const uint16_t stride_wd,
                        const uint16_t stride_ht, const uint16_t filter_wd, const uint16_t filter_ht,
                        const uint16_t pad_wd, const uint16_t pad_ht, const int32_t activation_min,
                        const int32_t activation_max, const uint16_t channels);
void esp_nn_add_elementwise_s8(const int8_t *input1_data, const int8_t *input2_data, const int32_t input1_offset,
                               const int32_t input2_offset, const int32_t input1_mult, const int32_t input2_mult,
                               const int32_t input1_shift, const int32_t input2_shift, const int32_t left_shift,
                               int8_t *output, const int32_t out_offset, const int32_t out_mult,
                               const int32_t out_shift, const int32_t activation_min, const int32_t activation_max,
                               const int32_t size);

#endif
