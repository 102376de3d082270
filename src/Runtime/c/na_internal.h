/*
 * Helpers shared by the kernel files (not part of the public API).
 */
#ifndef NA_INTERNAL_H
#define NA_INTERNAL_H

#include "na_kernels.h"

/* clamp(v + offset, act_min, act_max) computed as clamp(v, act_min - offset, act_max - offset) + offset: the same
 * value whenever TFLite's v + offset fits int32, and no signed overflow when v is near INT32_MIN or INT32_MAX. */
static inline int8_t na_offset_and_clamp(int32_t v, int32_t offset, int32_t act_min, int32_t act_max)
{
    const int32_t lo = act_min - offset;
    const int32_t hi = act_max - offset;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    return (int8_t)(v + offset);
}

/* Requantise an int32 accumulator to int8: MBQM, add the output offset, clamp. */
static inline int8_t na_requantize(int32_t acc, int32_t multiplier, int32_t shift, int32_t output_offset,
                                   int32_t act_min, int32_t act_max)
{
    return na_offset_and_clamp(na_multiply_by_quantized_multiplier(acc, multiplier, shift), output_offset, act_min,
                               act_max);
}

/* sum over n of (x[i] + offset) * w[i], int32 like TFLite. */
static inline int32_t na_dot_s8(const int8_t *x, const int8_t *w, int32_t n, int32_t offset)
{
    int32_t acc = 0;
    int32_t i;
    for (i = 0; i < n; ++i) acc += ((int32_t)x[i] + offset) * (int32_t)w[i];
    return acc;
}

#endif /* NA_INTERNAL_H */
