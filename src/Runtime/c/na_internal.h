/*
 * Helpers shared by the kernel files (not part of the public API).
 */
#ifndef NA_INTERNAL_H
#define NA_INTERNAL_H

#include "na_kernels.h"

/* Host SIMD: on x86 with GCC or Clang, na_simd_x86.c holds AVX2 versions of the hot kernels, chosen at run time
 * (a CPU without AVX2 runs the portable code). Each na_x86_* returns 1 when it wrote the output and 0 when the CPU
 * or the shape is not one it handles. -DNA_NO_HOST_SIMD keeps a host build portable-only (the reference path);
 * other targets (the ESP32-S3, -mgeneral-regs-only builds) never see the SIMD code. */
#if !defined(NA_NO_HOST_SIMD) && (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2__) && \
    (defined(__GNUC__) || defined(__clang__))
#define NA_X86_SIMD 1
int na_x86_conv1d_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length, const int8_t *filter,
                     const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output);
int na_x86_conv1d_pcm_s16(const na_conv1d_params *p, const int16_t *input, int32_t input_length, const int8_t *filter,
                          const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output);
int na_x86_linear_s8(const na_linear_params *p, const int8_t *input, int32_t rows, const int8_t *filter,
                     const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output);
int na_x86_quantize_pcm_s16(const int16_t *pcm, int32_t size, int32_t multiplier, int32_t shift,
                            int32_t output_offset, int32_t act_min, int32_t act_max, int8_t *output);
int na_x86_lut_s8(const int8_t *input, int8_t *output, int32_t size, const int8_t lut[256]);
int na_x86_add_s8(const na_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size);
int na_x86_rvq_encode_s8(const na_rvq_params *p, const int8_t *embedding, int32_t frames, const int8_t *codebooks,
                         const int32_t *codebook_offsets, const int32_t *norms, const int32_t *multiplier,
                         const int32_t *shift, int16_t *residual_scratch, uint16_t *codes);
#if defined(NA_SIMD_TEST_HOOKS) /* the Runtime tests' driver only */
int na_x86_test_mbqm(const int32_t *x, const int32_t *multiplier, const int32_t *shift, int32_t n, int32_t *out);
int na_x86_test_add_rescale(const int8_t *x, int32_t n, int32_t offset, int32_t multiplier, int32_t shift,
                            int32_t left_shift, int32_t *out);
#endif
#else
#define NA_X86_SIMD 0
#endif

/* Inline twins of na_quant.c's helpers (same arithmetic, see there): the kernels call them once per output, and a
 * call into another translation unit per output cost more than the multiply-accumulates of small layers. */
static inline int32_t na_srdhm_inline(int32_t a, int32_t b)
{
    int64_t ab;
    if (a == b && a == INT32_MIN) return INT32_MAX;
    ab = (int64_t)a * (int64_t)b;
    ab += ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)(ab / ((int64_t)1 << 31));
}

static inline int32_t na_rdbpot_inline(int32_t x, int32_t exponent)
{
    const uint32_t mask = (uint32_t)((((int64_t)1) << exponent) - 1);
    const uint32_t remainder = (uint32_t)x & mask;
    const uint32_t threshold = (mask >> 1) + (x < 0 ? 1u : 0u);
    const int32_t floor_shift = x >= 0 ? (int32_t)(x >> exponent) : (int32_t)~(~x >> exponent);
    return floor_shift + (remainder > threshold ? 1 : 0);
}

static inline int32_t na_mbqm_inline(int32_t x, int32_t multiplier, int32_t shift)
{
    int32_t shifted = x;
    if (shift > 0) {
        int64_t wide = (int64_t)x * ((int64_t)1 << shift);
        if (wide > INT32_MAX) wide = INT32_MAX;
        if (wide < INT32_MIN) wide = INT32_MIN;
        shifted = (int32_t)wide;
    }
    return na_rdbpot_inline(na_srdhm_inline(shifted, multiplier), shift > 0 ? 0 : -shift);
}

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
    return na_offset_and_clamp(na_mbqm_inline(acc, multiplier, shift), output_offset, act_min, act_max);
}

/* One element of TFLite's AddFunc (na_add_s8): both inputs lifted by 2^left_shift, rescaled, summed, requantised. */
static inline int8_t na_add_element(const na_add_params *p, int8_t x1, int8_t x2)
{
    const int32_t lift = (int32_t)1 << p->left_shift;
    const int32_t a = ((int32_t)x1 + p->input1_offset) * lift;
    const int32_t b = ((int32_t)x2 + p->input2_offset) * lift;
    const int32_t sum = na_mbqm_inline(a, p->input1_multiplier, p->input1_shift) +
                        na_mbqm_inline(b, p->input2_multiplier, p->input2_shift);
    return na_requantize(sum, p->output_multiplier, p->output_shift, p->output_offset, p->act_min, p->act_max);
}

/* sum over n of (x[i] + offset) * w[i], int32 like TFLite. offset = -zero point is in [-127, 128], so x + offset
 * fits int16 and the products are int16 x int16: written so, gcc -O3 vectorises the loop for long rows. */
static inline int32_t na_dot_s8(const int8_t *x, const int8_t *w, int32_t n, int32_t offset)
{
    const int16_t off = (int16_t)offset;
    int32_t acc = 0;
    int32_t i;
    for (i = 0; i < n; ++i) acc += (int32_t)(int16_t)(x[i] + off) * (int32_t)w[i];
    return acc;
}

#endif /* NA_INTERNAL_H */
