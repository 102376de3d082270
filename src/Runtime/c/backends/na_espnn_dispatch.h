/*
 * esp-nn dispatch for generated graph sources (ESP32-S3 builds with NA_USE_ESP_NN).
 *
 * Force-included before a generated <symbol>.c (targets/esp32s3/main/CMakeLists.txt: -include na_espnn_dispatch.h),
 * it renames the kernel calls that esp-nn can run to the na_espnn_* wrappers of na_espnn_backend.c. The generated
 * code and the portable kernels stay untouched: without NA_USE_ESP_NN nothing here is used, and every wrapper falls
 * back to the portable kernel (the reference) for shapes esp-nn does not cover (dilation > 1, grouped but not
 * depthwise convs, dimensions over 65535, scratch larger than the buffer reserved for it).
 */
#ifndef NA_ESPNN_DISPATCH_H
#define NA_ESPNN_DISPATCH_H

#include "na_kernels.h"

#ifdef NA_USE_ESP_NN

#ifdef __cplusplus
extern "C" {
#endif

void na_espnn_conv1d_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length, const int8_t *filter,
                        const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output);
void na_espnn_conv2d_s8(const na_conv2d_params *p, const int8_t *input, const int8_t *filter, const int32_t *bias,
                        const int32_t *multiplier, const int32_t *shift, int8_t *output);
void na_espnn_linear_s8(const na_linear_params *p, const int8_t *input, int32_t rows, const int8_t *filter,
                        const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output);
void na_espnn_max_pool1d_s8(const na_pool1d_params *p, const int8_t *input, int32_t input_length, int8_t *output);
void na_espnn_avg_pool1d_s8(const na_pool1d_params *p, const int8_t *input, int32_t input_length, int8_t *output);
void na_espnn_max_pool2d_s8(const na_pool2d_params *p, const int8_t *input, int8_t *output);
void na_espnn_avg_pool2d_s8(const na_pool2d_params *p, const int8_t *input, int8_t *output);
void na_espnn_add_s8(const na_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size);

#ifdef __cplusplus
}
#endif

#define na_conv1d_s8 na_espnn_conv1d_s8
#define na_conv2d_s8 na_espnn_conv2d_s8
#define na_linear_s8 na_espnn_linear_s8
#define na_max_pool1d_s8 na_espnn_max_pool1d_s8
#define na_avg_pool1d_s8 na_espnn_avg_pool1d_s8
#define na_max_pool2d_s8 na_espnn_max_pool2d_s8
#define na_avg_pool2d_s8 na_espnn_avg_pool2d_s8
#define na_add_s8 na_espnn_add_s8

#endif /* NA_USE_ESP_NN */

#endif /* NA_ESPNN_DISPATCH_H */
