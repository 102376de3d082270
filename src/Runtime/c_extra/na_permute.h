/*
 * Axis reorder of an int8 tensor in channels-last memory (NeuralAudio extra kernel; to move into na_kernels.h).
 *
 * The generator describes the permutation in memory terms, so the kernel knows nothing of IR axis order: the
 * output is walked in memory order as up to four nested axes (outermost first, unused leading axes have extent 1)
 * and out_dims[i] / in_strides[i] give each axis's extent and the input element stride that axis moves by.
 * ACDNet's swap (C, 1, W) -> (1, C, W), stored [1][W][C] -> [C][W][1], is out_dims {1, C, W, 1} with
 * in_strides {0, 1, C, 0}.
 */
#ifndef NA_PERMUTE_H
#define NA_PERMUTE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int32_t out_dims[4];   /* output extents in memory order, outermost first */
    int32_t in_strides[4]; /* input element stride of each output axis */
} na_permute_params;

/* output[...] = input[sum_i index_i * in_strides[i]] in output memory order. output must not alias input. */
void na_permute_s8(const na_permute_params *p, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* NA_PERMUTE_H */
