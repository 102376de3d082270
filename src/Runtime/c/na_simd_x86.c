/*
 * Host kernels for x86 with AVX2, beside the portable ones (TFLite Micro style: same arithmetic, other code).
 *
 * Compiled only by GCC or Clang for x86 (NA_X86_SIMD in na_internal.h); everywhere else, and with -DNA_NO_HOST_SIMD,
 * this file is empty and the portable kernels run alone. The functions are built with __attribute__((target("avx2")))
 * and chosen at run time (__builtin_cpu_supports), so a binary built with the default flags still runs on a CPU
 * without AVX2. Each na_x86_* entry returns 1 when it computed the output, 0 when the CPU or the shape is not one it
 * handles (nothing written then): the portable kernel runs instead.
 *
 * Bit-exact with the portable C (and so with the C# kernels), per output:
 *   - accumulators: the exact integer sum. The input offset is folded into the bias (bias + offset * sum(w)) and the
 *     int16 x int16 products are summed by vpmaddwd / vpmulld in another order; int32 SIMD adds wrap, so whenever the
 *     portable int32 sum is defined (the fan-in contract of na_kernels.h), this is the same value.
 *   - SaturatingRoundingDoublingHighMul: gemmlowp's (ab + nudge) / 2^31, truncating, equals floor((ab + 2^30) / 2^31)
 *     for every a, b (for ab < 0, truncation is floor((x + 2^31 - 1) / 2^31) with x = ab + 1 - 2^30), i.e. bits
 *     31..62 of ab + 2^30, from two vpmuldq per 8 lanes. Only INT32_MIN * INT32_MIN gives 2^31 there, which wraps
 *     to INT32_MIN, a value no other product reaches; it is mapped to INT32_MAX (the saturation).
 *   - RoundingDivideByPOT, the saturating left shift and the offset-then-clamp are the portable formulas lane by
 *     lane (vpsravd, vpsllvd).
 */
#include "na_internal.h"

#if NA_X86_SIMD

#include <immintrin.h>
#include <string.h>

#define NA_AVX2 __attribute__((target("avx2")))
#define NA_AVX2_INLINE static inline __attribute__((target("avx2"), always_inline))

/* Stack budget of one call (host only; the device never compiles this): the int16 copy of a conv's input and one
 * output-channel block of interleaved weights. */
#define NA_X16_CAP 2048
#define NA_PAIR_CAP 384
#define NA_DW_TAPS 16

static int na_x86_has_avx2(void)
{
    return __builtin_cpu_supports("avx2") ? 1 : 0;
}

/* The VBMI table look-up (-DNA_NO_HOST_AVX512 leaves AVX2 alone, so tests can run that path on any AVX2 CPU). */
static int na_x86_has_vbmi(void)
{
#if defined(NA_NO_HOST_AVX512)
    return 0;
#else
    return __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512bw") ? 1 : 0;
#endif
}

const char *na_host_simd(void)
{
    if (!na_x86_has_avx2()) return "none";
    return na_x86_has_vbmi() ? "avx2+avx512vbmi" : "avx2";
}

/* ---- requantisation of 8 int32 lanes ------------------------------------------------------------------------ */

typedef struct {
    __m256i mul_even, mul_odd; /* multiplier; multiplier >> 32 per 64-bit lane (the odd int32 lanes) */
    __m256i left, right;       /* max(shift, 0), max(-shift, 0) */
    __m256i mask, half;        /* (1 << right) - 1, mask >> 1 */
    int any_left;              /* some lane shifts left */
    int any_min;               /* some lane's multiplier is INT32_MIN (the one saturating product) */
} na_rq;

typedef struct {
    __m256i lo, hi, offset; /* act_min - offset, act_max - offset, output offset */
} na_clamp8;

/* 1 when every shift is in [-31, 31] (the kernels' contract); the SIMD path is not taken otherwise. */
static NA_AVX2 int na_shifts_ok(const int32_t *shift, int32_t n)
{
    const __m256i hi = _mm256_set1_epi32(31), lo = _mm256_set1_epi32(-31);
    __m256i bad = _mm256_setzero_si256();
    int32_t i;
    for (i = 0; i + 8 <= n; i += 8) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(shift + i));
        bad = _mm256_or_si256(bad, _mm256_or_si256(_mm256_cmpgt_epi32(v, hi), _mm256_cmpgt_epi32(lo, v)));
    }
    if (!_mm256_testz_si256(bad, bad)) return 0;
    for (; i < n; ++i)
        if (shift[i] > 31 || shift[i] < -31) return 0;
    return 1;
}

NA_AVX2_INLINE void na_rq_setup(na_rq *q, const int32_t *mult8, const int32_t *shift8)
{
    const __m256i sv = _mm256_loadu_si256((const __m256i *)(const void *)shift8);
    const __m256i zero = _mm256_setzero_si256();
    q->mul_even = _mm256_loadu_si256((const __m256i *)(const void *)mult8);
    q->mul_odd = _mm256_srli_epi64(q->mul_even, 32);
    q->left = _mm256_max_epi32(sv, zero);
    q->right = _mm256_sub_epi32(zero, _mm256_min_epi32(sv, zero));
    q->mask = _mm256_sub_epi32(_mm256_sllv_epi32(_mm256_set1_epi32(1), q->right), _mm256_set1_epi32(1));
    q->half = _mm256_srli_epi32(q->mask, 1);
    q->any_left = !_mm256_testz_si256(q->left, q->left);
    q->any_min = _mm256_movemask_epi8(_mm256_cmpeq_epi32(q->mul_even, _mm256_set1_epi32(INT32_MIN))) != 0;
}

NA_AVX2_INLINE void na_rq_setup_scalar(na_rq *q, int32_t multiplier, int32_t shift)
{
    int32_t m8[8], s8[8];
    int l;
    for (l = 0; l < 8; ++l) {
        m8[l] = multiplier;
        s8[l] = shift;
    }
    na_rq_setup(q, m8, s8);
}

/* The per-channel data of 8 lanes holding output channels ch[0..8): the bias (0 without one) and the
 * requantisation. A lane with ch < 0 is a spare: bias, multiplier and shift 0 (its result is never stored). */
NA_AVX2_INLINE void na_lanes_setup(const int32_t ch[8], const int32_t *bias, const int32_t *multiplier,
                                   const int32_t *shift, __m256i *b, na_rq *q)
{
    int32_t b8[8], m8[8], s8[8], l;
    for (l = 0; l < 8; ++l) {
        b8[l] = ch[l] >= 0 && bias != 0 ? bias[ch[l]] : 0;
        m8[l] = ch[l] >= 0 ? multiplier[ch[l]] : 0;
        s8[l] = ch[l] >= 0 ? shift[ch[l]] : 0;
    }
    *b = _mm256_loadu_si256((const __m256i *)(const void *)b8);
    na_rq_setup(q, m8, s8);
}

NA_AVX2_INLINE na_clamp8 na_clamp_setup(int32_t output_offset, int32_t act_min, int32_t act_max)
{
    na_clamp8 c;
    c.lo = _mm256_set1_epi32(act_min - output_offset);
    c.hi = _mm256_set1_epi32(act_max - output_offset);
    c.offset = _mm256_set1_epi32(output_offset);
    return c;
}

/* MultiplyByQuantizedMultiplier on 8 lanes (na_mbqm_inline). */
NA_AVX2_INLINE __m256i na_rq_mbqm(__m256i x, const na_rq *q)
{
    const __m256i nudge = _mm256_set1_epi64x((long long)1 << 30);
    __m256i even, odd, r, remainder, threshold;
    if (q->any_left) {
        /* x * 2^left, saturated where it does not fit: shifting back must give x again. */
        const __m256i shifted = _mm256_sllv_epi32(x, q->left);
        const __m256i fits = _mm256_cmpeq_epi32(_mm256_srav_epi32(shifted, q->left), x);
        const __m256i saturated = _mm256_xor_si256(_mm256_set1_epi32(INT32_MAX), _mm256_srai_epi32(x, 31));
        x = _mm256_blendv_epi8(saturated, shifted, fits);
    }
    even = _mm256_mul_epi32(x, q->mul_even);
    odd = _mm256_mul_epi32(_mm256_srli_epi64(x, 32), q->mul_odd);
    even = _mm256_srli_epi64(_mm256_add_epi64(even, nudge), 31); /* bits 31..62 to the low half */
    odd = _mm256_slli_epi64(_mm256_add_epi64(odd, nudge), 1);    /* bits 31..62 to the high half */
    r = _mm256_blend_epi32(even, odd, 0xAA);
    if (q->any_min) r = _mm256_xor_si256(r, _mm256_cmpeq_epi32(r, _mm256_set1_epi32(INT32_MIN)));
    /* RoundingDivideByPOT: floor(r / 2^right) + (remainder > (mask >> 1) + (r < 0)). */
    remainder = _mm256_and_si256(r, q->mask);
    threshold = _mm256_sub_epi32(q->half, _mm256_srai_epi32(r, 31));
    return _mm256_sub_epi32(_mm256_srav_epi32(r, q->right), _mm256_cmpgt_epi32(remainder, threshold));
}

NA_AVX2_INLINE __m256i na_offset_clamp8(__m256i v, const na_clamp8 *c)
{
    return _mm256_add_epi32(_mm256_min_epi32(_mm256_max_epi32(v, c->lo), c->hi), c->offset);
}

NA_AVX2_INLINE __m256i na_requantize8(__m256i acc, const na_rq *q, const na_clamp8 *c)
{
    return na_offset_clamp8(na_rq_mbqm(acc, q), c);
}

/* 8 int32 lanes already within int8 -> the low 8 bytes. */
NA_AVX2_INLINE __m128i na_pack8(__m256i v)
{
    const __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(v, v), _mm256_setzero_si256());
    return _mm_unpacklo_epi32(_mm256_castsi256_si128(p), _mm256_extracti128_si256(p, 1));
}

/* 4 x 8 int32 lanes within int8 -> 32 bytes in order. */
NA_AVX2_INLINE __m256i na_pack32(__m256i a, __m256i b, __m256i c, __m256i d)
{
    const __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, d));
    return _mm256_permutevar8x32_epi32(p, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

NA_AVX2_INLINE void na_store8(int8_t *dst, __m256i v, int32_t n)
{
    const __m128i b = na_pack8(v);
    if (n >= 8) {
        _mm_storel_epi64((__m128i *)(void *)dst, b);
    } else {
        int8_t tmp[16];
        _mm_storeu_si128((__m128i *)(void *)tmp, b);
        memcpy(dst, tmp, (size_t)n);
    }
}

/* Horizontal sums of 8 vectors of 8 int32 -> one vector of the 8 sums (wrapping, exact here). */
NA_AVX2_INLINE __m256i na_hsum8(const __m256i *a)
{
    const __m256i s01 = _mm256_hadd_epi32(a[0], a[1]);
    const __m256i s23 = _mm256_hadd_epi32(a[2], a[3]);
    const __m256i s45 = _mm256_hadd_epi32(a[4], a[5]);
    const __m256i s67 = _mm256_hadd_epi32(a[6], a[7]);
    const __m256i s0123 = _mm256_hadd_epi32(s01, s23);
    const __m256i s4567 = _mm256_hadd_epi32(s45, s67);
    return _mm256_add_epi32(_mm256_permute2x128_si256(s0123, s4567, 0x20),
                            _mm256_permute2x128_si256(s0123, s4567, 0x31));
}

NA_AVX2_INLINE __m256i na_load8_s32(const int8_t *src)
{
    return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)src));
}

/* ---- depthwise conv1d (groups = channels, one output per channel) --------------------------------------------- */

/* 8-channel slots prepared per call (their taps, bias and requantisation), at most. */
#define NA_DW_SLOTS 32
#define NA_DW_TAP_CAP 256

/* One output of the portable depthwise arithmetic (tails the vector loops leave). */
static int8_t na_dw_one(const na_conv1d_params *p, const int8_t *x, const int8_t *w, int32_t oc, const int32_t *bias,
                        const int32_t *multiplier, const int32_t *shift)
{
    const int32_t tap_step = p->dilation * p->in_channels;
    int32_t acc = 0, k;
    for (k = 0; k < p->kernel; ++k) acc += ((int32_t)x[k * tap_step] + p->input_offset) * (int32_t)w[k];
    if (bias != 0) acc += bias[oc];
    return na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min, p->act_max);
}

/* Taps of 8 filter rows (K <= 8 bytes each, the rows of channels ch[0..8) in a filter of `channels` rows) as
 * taps[k] = the 8 channels' tap k: one 8-byte load per row and an 8 x 8 byte transpose. A row that would read past
 * the filter's end is loaded from its last byte backwards and shifted down; 0 (nothing written) when a row can be
 * read neither way (a filter under 8 bytes around it). */
NA_AVX2_INLINE int na_dw_taps_transposed(const int8_t *filter, int32_t channels, int32_t kernel, const int32_t ch[8],
                                         __m256i *taps)
{
    const __m128i back = _mm_cvtsi32_si128(8 * (8 - kernel));
    __m128i r[8], a0, a1, a2, a3, b0, b1, b2, b3, c[4];
    int32_t l, k;
    for (l = 0; l < 8; ++l)
        if (ch[l] * kernel + 8 > channels * kernel && (ch[l] + 1) * kernel < 8) return 0;
    for (l = 0; l < 8; ++l) {
        const int8_t *row = filter + ch[l] * kernel;
        if (ch[l] * kernel + 8 <= channels * kernel)
            r[l] = _mm_loadl_epi64((const __m128i *)(const void *)row);
        else
            r[l] = _mm_srl_epi64(_mm_loadl_epi64((const __m128i *)(const void *)(row + kernel - 8)), back);
    }
    a0 = _mm_unpacklo_epi8(r[0], r[1]);
    a1 = _mm_unpacklo_epi8(r[2], r[3]);
    a2 = _mm_unpacklo_epi8(r[4], r[5]);
    a3 = _mm_unpacklo_epi8(r[6], r[7]);
    b0 = _mm_unpacklo_epi16(a0, a1); /* taps 0-3 of rows 0-3 */
    b1 = _mm_unpackhi_epi16(a0, a1); /* taps 4-7 of rows 0-3 */
    b2 = _mm_unpacklo_epi16(a2, a3);
    b3 = _mm_unpackhi_epi16(a2, a3);
    c[0] = _mm_unpacklo_epi32(b0, b2); /* tap 0 of rows 0-7, then tap 1 */
    c[1] = _mm_unpackhi_epi32(b0, b2);
    c[2] = _mm_unpacklo_epi32(b1, b3);
    c[3] = _mm_unpackhi_epi32(b1, b3);
    for (k = 0; k < kernel; ++k)
        taps[k] = _mm256_cvtepi8_epi32(k % 2 == 0 ? c[k / 2] : _mm_srli_si128(c[k / 2], 8));
    return 1;
}

/* The lanes' channels ch[0..8): weights per tap, folded bias, requantisation. */
NA_AVX2_INLINE void na_dw_lanes(const na_conv1d_params *p, const int32_t ch[8], const int8_t *filter,
                                const int32_t *bias, const int32_t *multiplier, const int32_t *shift, __m256i *taps,
                                __m256i *b, na_rq *q)
{
    int32_t l, k;
    __m256i wsum = _mm256_setzero_si256();
    if (p->kernel > 8 || !na_dw_taps_transposed(filter, p->in_channels, p->kernel, ch, taps)) {
        int32_t w32[NA_DW_TAPS][8];
        for (l = 0; l < 8; ++l)
            for (k = 0; k < p->kernel; ++k) w32[k][l] = filter[ch[l] * p->kernel + k];
        for (k = 0; k < p->kernel; ++k) taps[k] = _mm256_loadu_si256((const __m256i *)(const void *)w32[k]);
    }
    na_lanes_setup(ch, bias, multiplier, shift, b, q);
    for (k = 0; k < p->kernel; ++k) wsum = _mm256_add_epi32(wsum, taps[k]);
    /* bias + offset * sum(w), wrapping like the lanes */
    *b = _mm256_add_epi32(*b, _mm256_mullo_epi32(wsum, _mm256_set1_epi32(p->input_offset)));
}

/* Every slot shares the branches of na_rq_mbqm: one flag for all, so they are predicted alike. */
static void na_rq_share_flags(na_rq *q, int32_t n)
{
    int any_left = 0, any_min = 0;
    int32_t i;
    for (i = 0; i < n; ++i) {
        any_left |= q[i].any_left;
        any_min |= q[i].any_min;
    }
    for (i = 0; i < n; ++i) {
        q[i].any_left = any_left;
        q[i].any_min = any_min;
    }
}

NA_AVX2_INLINE __m256i na_dw_acc(const int8_t *x, int32_t tap_step, const __m256i *taps, __m256i acc, int32_t kernel)
{
    int32_t k;
    for (k = 0; k < kernel; ++k)
        acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(na_load8_s32(x + k * tap_step), taps[k]));
    return acc;
}

/* nvec vectors of 8 outputs at out[8v], reading in[8v + k * tap_step]; vector v uses slot v mod nslots (stride 1:
 * the whole output; stride > 1: one output step of C = 8 * nslots channels). 4 vectors at a time (4 independent
 * chains, one 32-byte store). */
NA_AVX2_INLINE void na_dw_run(const int8_t *in, int8_t *out, int32_t nvec, int32_t nslots, int32_t tap_step,
                              const __m256i *taps, const __m256i *bias, const na_rq *q, const na_clamp8 *clamp,
                              int32_t kernel)
{
    int32_t v = 0, s = 0, k;
    for (; v + 4 <= nvec; v += 4) {
        const int32_t s0 = s;
        const int32_t s1 = s0 + 1 == nslots ? 0 : s0 + 1;
        const int32_t s2 = s1 + 1 == nslots ? 0 : s1 + 1;
        const int32_t s3 = s2 + 1 == nslots ? 0 : s2 + 1;
        const __m256i *w0 = taps + s0 * kernel, *w1 = taps + s1 * kernel;
        const __m256i *w2 = taps + s2 * kernel, *w3 = taps + s3 * kernel;
        const int8_t *x = in + 8 * v;
        __m256i a0 = bias[s0], a1 = bias[s1], a2 = bias[s2], a3 = bias[s3];
        for (k = 0; k < kernel; ++k) {
            const int8_t *xk = x + k * tap_step;
            a0 = _mm256_add_epi32(a0, _mm256_mullo_epi32(na_load8_s32(xk), w0[k]));
            a1 = _mm256_add_epi32(a1, _mm256_mullo_epi32(na_load8_s32(xk + 8), w1[k]));
            a2 = _mm256_add_epi32(a2, _mm256_mullo_epi32(na_load8_s32(xk + 16), w2[k]));
            a3 = _mm256_add_epi32(a3, _mm256_mullo_epi32(na_load8_s32(xk + 24), w3[k]));
        }
        _mm256_storeu_si256((__m256i *)(void *)(out + 8 * v),
                            na_pack32(na_requantize8(a0, &q[s0], clamp), na_requantize8(a1, &q[s1], clamp),
                                      na_requantize8(a2, &q[s2], clamp), na_requantize8(a3, &q[s3], clamp)));
        s = s3 + 1 == nslots ? 0 : s3 + 1;
    }
    for (; v < nvec; ++v) {
        na_store8(out + 8 * v,
                  na_requantize8(na_dw_acc(in + 8 * v, tap_step, taps + s * kernel, bias[s], kernel), &q[s], clamp),
                  8);
        if (++s == nslots) s = 0;
    }
}

/* na_dw_run with the tap count a constant for the zoo's kernels (3, 7, 8), so the tap loop unrolls. */
NA_AVX2_INLINE void na_dw_dispatch(const int8_t *in, int8_t *out, int32_t nvec, int32_t nslots, int32_t tap_step,
                                   const __m256i *taps, const __m256i *bias, const na_rq *q, const na_clamp8 *clamp,
                                   int32_t kernel)
{
    switch (kernel) {
    case 3: na_dw_run(in, out, nvec, nslots, tap_step, taps, bias, q, clamp, 3); break;
    case 7: na_dw_run(in, out, nvec, nslots, tap_step, taps, bias, q, clamp, 7); break;
    case 8: na_dw_run(in, out, nvec, nslots, tap_step, taps, bias, q, clamp, 8); break;
    default: na_dw_run(in, out, nvec, nslots, tap_step, taps, bias, q, clamp, kernel); break;
    }
}

/* Strided depthwise, the last `rest` (1, 2 or 4) channels of each step: 8 / rest steps per vector. in and out
 * point at the first of those channels in step 0. */
NA_AVX2_INLINE void na_dw_rest(const int8_t *in, int8_t *out, int32_t out_length, int32_t in_step, int32_t cin,
                               int32_t tap_step, int32_t kernel, const __m256i *taps, __m256i b, const na_rq *q,
                               const na_clamp8 *clamp, int32_t rest)
{
    const int32_t steps = 8 / rest;
    int32_t t, i, k;
    for (t = 0; t < out_length; t += steps) {
        __m256i acc = b;
        int8_t tmp[16];
        for (k = 0; k < kernel; ++k) {
            int8_t x8[8];
            for (i = 0; i < steps; ++i) {
                const int32_t row = t + i < out_length ? t + i : out_length - 1;
                memcpy(x8 + i * rest, in + row * in_step + k * tap_step, (size_t)rest);
            }
            acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(na_load8_s32(x8), taps[k]));
        }
        _mm_storeu_si128((__m128i *)(void *)tmp, na_pack8(na_requantize8(acc, q, clamp)));
        for (i = 0; i < steps && t + i < out_length; ++i) memcpy(out + (t + i) * cin, tmp + i * rest, (size_t)rest);
    }
}

static NA_AVX2 int na_x86_depthwise(const na_conv1d_params *p, const int8_t *input, int32_t out_length,
                                    const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                                    const int32_t *shift, int8_t *output)
{
    const int32_t cin = p->in_channels;
    const int32_t kernel = p->kernel;
    const int32_t tap_step = p->dilation * cin;
    const na_clamp8 clamp = na_clamp_setup(p->output_offset, p->act_min, p->act_max);
    __m256i taps[NA_DW_TAP_CAP], b[NA_DW_SLOTS];
    na_rq q[NA_DW_SLOTS];
    int32_t ch[8], l, s, nslots;
    if (p->out_channels != cin || kernel > NA_DW_TAPS || !na_shifts_ok(shift, cin)) return 0;
    if (p->stride == 1) {
        /* Flat: output element n = t * C + c reads input n + k * d * C, whatever C is. A vector of 8 consecutive
         * outputs has the channels (n + l) mod C, which repeat with period lcm(C, 8): one slot of lane weights per
         * 8 elements of the period. */
        const int32_t total = out_length * cin;
        const int32_t vec_end = total - total % 8;
        int32_t period = cin, n;
        while (period % 8 != 0) period += cin;
        nslots = period / 8;
        if (nslots > NA_DW_SLOTS || nslots * kernel > NA_DW_TAP_CAP) return 0;
        for (s = 0, n = 0; s < nslots; ++s) { /* n: channel of the slot's first lane */
            for (l = 0; l < 8; ++l) {
                ch[l] = n;
                if (++n == cin) n = 0;
            }
            na_dw_lanes(p, ch, filter, bias, multiplier, shift, taps + s * kernel, &b[s], &q[s]);
        }
        na_rq_share_flags(q, nslots);
        na_dw_dispatch(input, output, vec_end / 8, nslots, tap_step, taps, b, q, &clamp, kernel);
        for (n = vec_end; n < total; ++n) {
            const int32_t c = n % cin;
            output[n] = na_dw_one(p, input + n, filter + c * kernel, c, bias, multiplier, shift);
        }
    } else {
        /* Strided: per output step, the channels in blocks of 8; the last C mod 8 channels one by one. */
        const int32_t full = cin - cin % 8;
        const int32_t in_step = p->stride * cin;
        int32_t t, c;
        nslots = full / 8;
        if (nslots > NA_DW_SLOTS || nslots * kernel > NA_DW_TAP_CAP) return 0;
        for (s = 0; s < nslots; ++s) {
            for (l = 0; l < 8; ++l) ch[l] = 8 * s + l;
            na_dw_lanes(p, ch, filter, bias, multiplier, shift, taps + s * kernel, &b[s], &q[s]);
        }
        na_rq_share_flags(q, nslots);
        for (t = 0; t < out_length; ++t)
            if (nslots > 0)
                na_dw_dispatch(input + t * in_step, output + t * cin, nslots, nslots, tap_step, taps, b, q, &clamp,
                               kernel);
        if (cin - full == 1 || cin - full == 2 || cin - full == 4) {
            /* 1, 2 or 4 channels left: a vector holds them for 8 / that many steps (the last steps of an
             * incomplete vector repeat the last row and are not stored). */
            __m256i rb;
            na_rq rq;
            for (l = 0; l < 8; ++l) ch[l] = full + l % (cin - full);
            na_dw_lanes(p, ch, filter, bias, multiplier, shift, taps, &rb, &rq);
            switch (cin - full) {
            case 1: na_dw_rest(input + full, output + full, out_length, in_step, cin, tap_step, kernel, taps, rb, &rq, &clamp, 1); break;
            case 2: na_dw_rest(input + full, output + full, out_length, in_step, cin, tap_step, kernel, taps, rb, &rq, &clamp, 2); break;
            default: na_dw_rest(input + full, output + full, out_length, in_step, cin, tap_step, kernel, taps, rb, &rq, &clamp, 4); break;
            }
        } else {
            for (t = 0; t < out_length; ++t)
                for (c = full; c < cin; ++c)
                    output[t * cin + c] = na_dw_one(p, input + t * in_step + c, filter + c * kernel, c, bias,
                                                    multiplier, shift);
        }
    }
    return 1;
}

/* ---- dense rows: pointwise / dense conv1d (dilation 1) and linear ------------------------------------------------ */

/*
 * out[t][oc] = requant(bias[oc] + sum over i < row_len of (x[t * row_step + i] + offset) * w[oc][i]), t < rows.
 * A pointwise conv is row_len = C_in, row_step = stride * C_in; a dense conv with dilation 1 reads k * C_in
 * contiguous values per output (its filter [out][k][in] is in the same order); linear is row_step = row_len.
 * Lanes are 8 output channels (a block); the input, widened to int16, is read as broadcast pairs (x[i], x[i+1])
 * and multiplied with interleaved weight pairs by vpmaddwd. With 4 or fewer output channels, lanes 0-3 hold step
 * t and lanes 4-7 step t + 1 (one "half" block).
 */
typedef struct {
    int32_t rows, row_step, row_len, cout;
    int32_t input_offset, output_offset, act_min, act_max;
} na_rows_params;

/* Output-channel blocks prepared per call, at most (beyond, one block at a time). */
#define NA_ROW_BLOCKS 32

/* Interleaved weight pairs of output channels oc[0..8) (-1: an empty lane): pairs[j] lane l = (w[2j], w[2j + 1]). */
NA_AVX2_INLINE void na_rows_weights(const na_rows_params *p, const int8_t *filter, const int32_t oc[8], __m256i *pairs)
{
    const int32_t n_pairs = (p->row_len + 1) / 2;
    int32_t j, l;
    int l_all = 1;
    for (l = 0; l < 8; ++l) l_all &= oc[l] >= 0;
    j = 0;
    if (l_all) {
        /* 16 columns of 8 rows at a time: widen each row to 8 pairs (dwords), then an 8 x 8 dword transpose. */
        for (; 2 * j + 16 <= p->row_len; j += 8) {
            __m256i r[8], u[8], v[8];
            for (l = 0; l < 8; ++l)
                r[l] = _mm256_cvtepi8_epi16(
                    _mm_loadu_si128((const __m128i *)(const void *)(filter + oc[l] * p->row_len + 2 * j)));
            for (l = 0; l < 8; l += 2) {
                u[l] = _mm256_unpacklo_epi32(r[l], r[l + 1]);
                u[l + 1] = _mm256_unpackhi_epi32(r[l], r[l + 1]);
            }
            v[0] = _mm256_unpacklo_epi64(u[0], u[2]);
            v[1] = _mm256_unpackhi_epi64(u[0], u[2]);
            v[2] = _mm256_unpacklo_epi64(u[1], u[3]);
            v[3] = _mm256_unpackhi_epi64(u[1], u[3]);
            v[4] = _mm256_unpacklo_epi64(u[4], u[6]);
            v[5] = _mm256_unpackhi_epi64(u[4], u[6]);
            v[6] = _mm256_unpacklo_epi64(u[5], u[7]);
            v[7] = _mm256_unpackhi_epi64(u[5], u[7]);
            /* v[0..3]: pairs 0..3 (lane 0) and 4..7 (lane 1) of rows 0-3; v[4..7] the same for rows 4-7. */
            for (l = 0; l < 4; ++l) {
                pairs[j + l] = _mm256_permute2x128_si256(v[l], v[l + 4], 0x20);
                pairs[j + 4 + l] = _mm256_permute2x128_si256(v[l], v[l + 4], 0x31);
            }
        }
    }
    for (; j < n_pairs; ++j) {
        int32_t w32[8];
        for (l = 0; l < 8; ++l) {
            int32_t lo = 0, hi = 0;
            if (oc[l] >= 0) {
                const int8_t *w = filter + oc[l] * p->row_len;
                lo = w[2 * j];
                hi = 2 * j + 1 < p->row_len ? w[2 * j + 1] : 0;
            }
            w32[l] = (int32_t)(((uint32_t)(uint16_t)(int16_t)hi << 16) | (uint32_t)(uint16_t)(int16_t)lo);
        }
        pairs[j] = _mm256_loadu_si256((const __m256i *)(const void *)w32);
    }
}

/* Weight pairs, folded bias and requantisation of lanes with output channels oc[0..8) (-1: an empty lane). */
NA_AVX2_INLINE void na_rows_lanes(const na_rows_params *p, const int32_t oc[8], const int8_t *filter,
                                  const int32_t *bias, const int32_t *multiplier, const int32_t *shift,
                                  __m256i *pairs, __m256i *b, na_rq *q)
{
    const int32_t n_pairs = (p->row_len + 1) / 2;
    const __m256i offset_pair = _mm256_set1_epi32(
        (int32_t)(((uint32_t)(uint16_t)(int16_t)p->input_offset << 16) | (uint32_t)(uint16_t)(int16_t)p->input_offset));
    int32_t j;
    na_lanes_setup(oc, bias, multiplier, shift, b, q);
    na_rows_weights(p, filter, oc, pairs);
    /* bias + offset * sum(w): vpmaddwd of each weight pair with (offset, offset), wrapping like the lanes */
    for (j = 0; j < n_pairs; ++j) *b = _mm256_add_epi32(*b, _mm256_madd_epi16(pairs[j], offset_pair));
}

/* One block of 8 channels from ob (half: lanes 4-7 repeat channels 0-3). */
NA_AVX2_INLINE void na_rows_block(const na_rows_params *p, int32_t ob, int half, const int8_t *filter,
                                  const int32_t *bias, const int32_t *multiplier, const int32_t *shift,
                                  __m256i *pairs, __m256i *b, na_rq *q)
{
    const int32_t nb = p->cout - ob < 8 ? p->cout - ob : 8;
    int32_t oc[8], l;
    for (l = 0; l < 8; ++l) {
        const int32_t lane = half ? (l & 3) : l;
        oc[l] = lane < nb ? ob + lane : -1;
    }
    na_rows_lanes(p, oc, filter, bias, multiplier, shift, pairs, b, q);
}

NA_AVX2_INLINE __m256i na_bcast_pair(const int16_t *x)
{
    int32_t v;
    memcpy(&v, x, sizeof v);
    return _mm256_set1_epi32(v);
}

NA_AVX2_INLINE __m256i na_rows_dot(const int16_t *x, const __m256i *w, __m256i acc, int32_t n_pairs)
{
    int32_t j;
    for (j = 0; j < n_pairs; ++j) acc = _mm256_add_epi32(acc, _mm256_madd_epi16(na_bcast_pair(x + 2 * j), w[j]));
    return acc;
}

/* Half block, steps t (lanes 0-3) and t + 1 (lanes 4-7) from rows x0 and x1. */
NA_AVX2_INLINE __m256i na_rows_dot_half(const int16_t *x0, const int16_t *x1, const __m256i *w, __m256i acc,
                                        int32_t n_pairs)
{
    int32_t j;
    for (j = 0; j < n_pairs; ++j)
        acc = _mm256_add_epi32(
            acc, _mm256_madd_epi16(_mm256_blend_epi32(na_bcast_pair(x0 + 2 * j), na_bcast_pair(x1 + 2 * j), 0xF0), w[j]));
    return acc;
}

/* 4 accumulators over n_pairs pairs. share: 1 = one weight set (w0) for 4 rows, 2 = one row (x0) for 4 weight
 * sets, 3 = rows (x0, x0, x2, x2) with weights (w0, w1, w0, w1), 0 = 4 independent (row, weights). */
NA_AVX2_INLINE void na_rows_dot4(const int16_t *x0, const int16_t *x1, const int16_t *x2, const int16_t *x3,
                                 const __m256i *w0, const __m256i *w1, const __m256i *w2, const __m256i *w3,
                                 __m256i *a0, __m256i *a1, __m256i *a2, __m256i *a3, int32_t n_pairs, int share)
{
    __m256i c0 = *a0, c1 = *a1, c2 = *a2, c3 = *a3;
    int32_t j;
    for (j = 0; j < n_pairs; ++j) {
        if (share == 1) {
            const __m256i w = w0[j];
            c0 = _mm256_add_epi32(c0, _mm256_madd_epi16(na_bcast_pair(x0 + 2 * j), w));
            c1 = _mm256_add_epi32(c1, _mm256_madd_epi16(na_bcast_pair(x1 + 2 * j), w));
            c2 = _mm256_add_epi32(c2, _mm256_madd_epi16(na_bcast_pair(x2 + 2 * j), w));
            c3 = _mm256_add_epi32(c3, _mm256_madd_epi16(na_bcast_pair(x3 + 2 * j), w));
        } else if (share == 2) {
            const __m256i x = na_bcast_pair(x0 + 2 * j);
            c0 = _mm256_add_epi32(c0, _mm256_madd_epi16(x, w0[j]));
            c1 = _mm256_add_epi32(c1, _mm256_madd_epi16(x, w1[j]));
            c2 = _mm256_add_epi32(c2, _mm256_madd_epi16(x, w2[j]));
            c3 = _mm256_add_epi32(c3, _mm256_madd_epi16(x, w3[j]));
        } else if (share == 3) {
            const __m256i xa = na_bcast_pair(x0 + 2 * j), xb = na_bcast_pair(x2 + 2 * j);
            const __m256i wa = w0[j], wb = w1[j];
            c0 = _mm256_add_epi32(c0, _mm256_madd_epi16(xa, wa));
            c1 = _mm256_add_epi32(c1, _mm256_madd_epi16(xa, wb));
            c2 = _mm256_add_epi32(c2, _mm256_madd_epi16(xb, wa));
            c3 = _mm256_add_epi32(c3, _mm256_madd_epi16(xb, wb));
        } else {
            c0 = _mm256_add_epi32(c0, _mm256_madd_epi16(na_bcast_pair(x0 + 2 * j), w0[j]));
            c1 = _mm256_add_epi32(c1, _mm256_madd_epi16(na_bcast_pair(x1 + 2 * j), w1[j]));
            c2 = _mm256_add_epi32(c2, _mm256_madd_epi16(na_bcast_pair(x2 + 2 * j), w2[j]));
            c3 = _mm256_add_epi32(c3, _mm256_madd_epi16(na_bcast_pair(x3 + 2 * j), w3[j]));
        }
    }
    *a0 = c0;
    *a1 = c1;
    *a2 = c2;
    *a3 = c3;
}

/*
 * Rows [0, nrows) of a tile (x16: its int16 input) when every block is prepared and C_out is a multiple of 8:
 * vector v is step v / nob, block v mod nob, at out[8v]. 4 vectors at a time, one 32-byte store; share as in
 * na_rows_dot4 (fixed by nob, so the branches there fold away).
 */
NA_AVX2_INLINE void na_rows_run(const int16_t *x16, int32_t row_step, int32_t nrows, int32_t nob,
                                const __m256i *pairs, const __m256i *bias, const na_rq *q, const na_clamp8 *clamp,
                                int8_t *out, int32_t n_pairs, int share)
{
    const int32_t nvec = nrows * nob;
    int32_t v = 0, t = 0, ob = 0, i;
    for (; v + 4 <= nvec; v += 4) {
        const int16_t *x[4];
        int32_t o[4];
        __m256i a[4];
        for (i = 0; i < 4; ++i) {
            x[i] = x16 + t * row_step;
            o[i] = ob;
            a[i] = bias[ob];
            if (++ob == nob) {
                ob = 0;
                ++t;
            }
        }
        na_rows_dot4(x[0], x[1], x[2], x[3], pairs + o[0] * n_pairs, pairs + o[1] * n_pairs, pairs + o[2] * n_pairs,
                     pairs + o[3] * n_pairs, &a[0], &a[1], &a[2], &a[3], n_pairs, share);
        _mm256_storeu_si256((__m256i *)(void *)(out + 8 * v),
                            na_pack32(na_requantize8(a[0], &q[o[0]], clamp), na_requantize8(a[1], &q[o[1]], clamp),
                                      na_requantize8(a[2], &q[o[2]], clamp), na_requantize8(a[3], &q[o[3]], clamp)));
    }
    for (; v < nvec; ++v) {
        na_store8(out + 8 * v,
                  na_requantize8(na_rows_dot(x16 + t * row_step, pairs + ob * n_pairs, bias[ob], n_pairs), &q[ob],
                                 clamp),
                  8);
        if (++ob == nob) {
            ob = 0;
            ++t;
        }
    }
}

/* Half blocks (C_out = 4): vector v is steps 2v and 2v + 1 at out[8v]; an odd last step fills lanes 0-3. */
NA_AVX2_INLINE void na_rows_run_half(const int16_t *x16, int32_t row_step, int32_t nrows, const __m256i *pairs,
                                     __m256i bias, const na_rq *q, const na_clamp8 *clamp, int8_t *out,
                                     int32_t n_pairs)
{
    const int32_t nvec = nrows / 2;
    int32_t v = 0;
    for (; v + 4 <= nvec; v += 4) {
        const int16_t *x = x16 + 2 * v * row_step;
        const __m256i a0 = na_rows_dot_half(x, x + row_step, pairs, bias, n_pairs);
        const __m256i a1 = na_rows_dot_half(x + 2 * row_step, x + 3 * row_step, pairs, bias, n_pairs);
        const __m256i a2 = na_rows_dot_half(x + 4 * row_step, x + 5 * row_step, pairs, bias, n_pairs);
        const __m256i a3 = na_rows_dot_half(x + 6 * row_step, x + 7 * row_step, pairs, bias, n_pairs);
        _mm256_storeu_si256((__m256i *)(void *)(out + 8 * v),
                            na_pack32(na_requantize8(a0, q, clamp), na_requantize8(a1, q, clamp),
                                      na_requantize8(a2, q, clamp), na_requantize8(a3, q, clamp)));
    }
    for (; v < nvec; ++v) {
        const int16_t *x = x16 + 2 * v * row_step;
        na_store8(out + 8 * v, na_requantize8(na_rows_dot_half(x, x + row_step, pairs, bias, n_pairs), q, clamp), 8);
    }
    if (nrows % 2 != 0) {
        const int16_t *x = x16 + (nrows - 1) * row_step;
        na_store8(out + 4 * (nrows - 1), na_requantize8(na_rows_dot_half(x, x, pairs, bias, n_pairs), q, clamp), 4);
    }
}

/* C_out a multiple of 8 with nob not 1, 2 or a multiple of 4: per step, blocks 4 at a time on one broadcast
 * (32-byte store), the rest one by one. */
NA_AVX2_INLINE void na_rows_run_rowwise(const int16_t *x16, int32_t row_step, int32_t nrows, int32_t nob,
                                        const __m256i *pairs, const __m256i *bias, const na_rq *q,
                                        const na_clamp8 *clamp, int8_t *out, int32_t n_pairs)
{
    int32_t t, ob;
    for (t = 0; t < nrows; ++t) {
        const int16_t *x = x16 + t * row_step;
        int8_t *o = out + t * 8 * nob;
        for (ob = 0; ob + 4 <= nob; ob += 4) {
            __m256i a0 = bias[ob], a1 = bias[ob + 1], a2 = bias[ob + 2], a3 = bias[ob + 3];
            const __m256i *w = pairs + ob * n_pairs;
            na_rows_dot4(x, x, x, x, w, w + n_pairs, w + 2 * n_pairs, w + 3 * n_pairs, &a0, &a1, &a2, &a3, n_pairs, 2);
            _mm256_storeu_si256((__m256i *)(void *)(o + 8 * ob),
                                na_pack32(na_requantize8(a0, &q[ob], clamp), na_requantize8(a1, &q[ob + 1], clamp),
                                          na_requantize8(a2, &q[ob + 2], clamp), na_requantize8(a3, &q[ob + 3], clamp)));
        }
        for (; ob < nob; ++ob)
            na_store8(o + 8 * ob, na_requantize8(na_rows_dot(x, pairs + ob * n_pairs, bias[ob], n_pairs), &q[ob], clamp), 8);
    }
}

#define NA_ROWS_RUN(np, share) na_rows_run(x16, row_step, nrows, nob, pairs, bias, q, clamp, out, np, share)
#define NA_ROWS_SHARES(np)                                                                                         \
    do {                                                                                                           \
        if (nob == 1) NA_ROWS_RUN(np, 1);                                                                          \
        else if (nob % 4 == 0) NA_ROWS_RUN(np, 2);                                                                 \
        else if (nob == 2) NA_ROWS_RUN(np, 3);                                                                     \
        else na_rows_run_rowwise(x16, row_step, nrows, nob, pairs, bias, q, clamp, out, np);                       \
    } while (0)

/* The contiguous cases with the pair count a constant for common rows (4, 8, 16 channels in; k = 7 x 1), so the
 * pair loop unrolls, and the sharing pattern fixed. */
NA_AVX2_INLINE void na_rows_dispatch(const int16_t *x16, int32_t row_step, int32_t nrows, int32_t nob, int half,
                                     const __m256i *pairs, const __m256i *bias, const na_rq *q,
                                     const na_clamp8 *clamp, int8_t *out, int32_t n_pairs)
{
    if (half) {
        switch (n_pairs) {
        case 2: na_rows_run_half(x16, row_step, nrows, pairs, bias[0], q, clamp, out, 2); break;
        case 4: na_rows_run_half(x16, row_step, nrows, pairs, bias[0], q, clamp, out, 4); break;
        default: na_rows_run_half(x16, row_step, nrows, pairs, bias[0], q, clamp, out, n_pairs); break;
        }
        return;
    }
    switch (n_pairs) {
    case 4: NA_ROWS_SHARES(4); break;
    case 8: NA_ROWS_SHARES(8); break;
    case 16: NA_ROWS_SHARES(16); break;
    default: NA_ROWS_SHARES(n_pairs); break;
    }
}
#undef NA_ROWS_SHARES
#undef NA_ROWS_RUN

/*
 * C_out > 8 and not a multiple of 8 (10, 12, 20 ...): the output [t][oc] read flat in vectors of 8, whose lanes'
 * channels repeat with period L = lcm(C_out, 8) (L / C_out steps): one slot (weights, bias, requantisation) per 8
 * elements of the period. A slot's vector may straddle two steps: its lanes of the second step take their
 * broadcast pairs from the next row (a blend). Full vectors only; the caller does the last C_out * rows mod 8.
 */
typedef struct {
    int32_t row;    /* step of the slot's first lane within the period */
    int straddle;   /* some lanes are in the next step */
    __m256i next;   /* those lanes (all bits set) */
} na_rows_slot;

NA_AVX2_INLINE __m256i na_rows_dot_slot(const int16_t *x, int32_t row_step, const __m256i *w, __m256i acc,
                                        const na_rows_slot *slot, int32_t n_pairs)
{
    int32_t j;
    if (slot->straddle) {
        for (j = 0; j < n_pairs; ++j)
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_blendv_epi8(na_bcast_pair(x + 2 * j),
                                                                             na_bcast_pair(x + row_step + 2 * j),
                                                                             slot->next),
                                                          w[j]));
        return acc;
    }
    return na_rows_dot(x, w, acc, n_pairs);
}

NA_AVX2_INLINE void na_rows_run_slots(const int16_t *x16, int32_t row_step, int32_t nvec, int32_t nslots,
                                      int32_t period_rows, const na_rows_slot *slots, const __m256i *pairs,
                                      const __m256i *bias, const na_rq *q, const na_clamp8 *clamp, int8_t *out,
                                      int32_t n_pairs)
{
    int32_t v = 0, s = 0, base = 0, i;
    for (; v + 4 <= nvec; v += 4) {
        __m256i a[4];
        for (i = 0; i < 4; ++i) {
            a[i] = na_requantize8(na_rows_dot_slot(x16 + (base + slots[s].row) * row_step, row_step,
                                                   pairs + s * n_pairs, bias[s], &slots[s], n_pairs),
                                  &q[s], clamp);
            if (++s == nslots) {
                s = 0;
                base += period_rows;
            }
        }
        _mm256_storeu_si256((__m256i *)(void *)(out + 8 * v), na_pack32(a[0], a[1], a[2], a[3]));
    }
    for (; v < nvec; ++v) {
        na_store8(out + 8 * v,
                  na_requantize8(na_rows_dot_slot(x16 + (base + slots[s].row) * row_step, row_step,
                                                  pairs + s * n_pairs, bias[s], &slots[s], n_pairs),
                                 &q[s], clamp),
                  8);
        if (++s == nslots) {
            s = 0;
            base += period_rows;
        }
    }
}

NA_AVX2_INLINE void na_rows_slots_dispatch(const int16_t *x16, int32_t row_step, int32_t nvec, int32_t nslots,
                                           int32_t period_rows, const na_rows_slot *slots, const __m256i *pairs,
                                           const __m256i *bias, const na_rq *q, const na_clamp8 *clamp, int8_t *out,
                                           int32_t n_pairs)
{
    switch (n_pairs) {
    case 4: na_rows_run_slots(x16, row_step, nvec, nslots, period_rows, slots, pairs, bias, q, clamp, out, 4); break;
    case 5: na_rows_run_slots(x16, row_step, nvec, nslots, period_rows, slots, pairs, bias, q, clamp, out, 5); break;
    case 6: na_rows_run_slots(x16, row_step, nvec, nslots, period_rows, slots, pairs, bias, q, clamp, out, 6); break;
    case 10: na_rows_run_slots(x16, row_step, nvec, nslots, period_rows, slots, pairs, bias, q, clamp, out, 10); break;
    default: na_rows_run_slots(x16, row_step, nvec, nslots, period_rows, slots, pairs, bias, q, clamp, out, n_pairs); break;
    }
}

/* One output of the portable dense arithmetic (the flat path's tail). */
static int8_t na_rows_one(const na_rows_params *p, const int8_t *x, const int8_t *w, int32_t oc, const int32_t *bias,
                          const int32_t *multiplier, const int32_t *shift)
{
    int32_t acc = na_dot_s8(x, w, p->row_len, p->input_offset);
    if (bias != 0) acc += bias[oc];
    return na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min, p->act_max);
}

/* Rows [0, nrows) of a tile, one block (any C_out; the last block may be partial, half blocks for C_out < 4). */
NA_AVX2_INLINE void na_rows_one_block(const int16_t *x16, int32_t row_step, int32_t nrows, int32_t cout, int32_t ob,
                                      int half, int32_t n_pairs, const __m256i *pairs, __m256i bias, const na_rq *q,
                                      const na_clamp8 *clamp, int8_t *out)
{
    const int32_t nb = half ? cout : (cout - ob < 8 ? cout - ob : 8);
    int32_t t;
    if (half) {
        for (t = 0; t < nrows; t += 2) {
            const int16_t *x0 = x16 + t * row_step;
            const int16_t *x1 = t + 1 < nrows ? x0 + row_step : x0;
            int8_t tmp[16];
            _mm_storeu_si128((__m128i *)(void *)tmp,
                             na_pack8(na_requantize8(na_rows_dot_half(x0, x1, pairs, bias, n_pairs), q, clamp)));
            memcpy(out + t * cout, tmp, (size_t)nb);
            if (t + 1 < nrows) memcpy(out + (t + 1) * cout, tmp + 4, (size_t)nb);
        }
        return;
    }
    for (t = 0; t < nrows; ++t)
        na_store8(out + t * cout + ob, na_requantize8(na_rows_dot(x16 + t * row_step, pairs, bias, n_pairs), q, clamp),
                  nb);
}

/* int16 copy of input[0, span), plus two zeros (the odd row's last pair reads one past it, with weight 0). */
NA_AVX2_INLINE void na_widen(const int8_t *src, int32_t span, int16_t *x16)
{
    int32_t i;
    for (i = 0; i + 16 <= span; i += 16)
        _mm256_storeu_si256((__m256i *)(void *)(x16 + i),
                            _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(src + i))));
    for (; i < span; ++i) x16[i] = src[i];
    x16[span] = 0;
    x16[span + 1] = 0;
}

/* Few steps (a hop's last blocks, a linear layer): preparing interleaved weights would cost more than the dot
 * products. Each output channel's dot product runs straight along its filter row against the input widened to
 * int16 with the offset added (|x + offset| <= 255), 16 terms per vpmaddwd; 8 channels are reduced together.
 * The bias is added as the portable kernel does. row_len % 16 == 0, rows * row_len <= NA_X16_CAP. */
#define NA_DIRECT_ROWS 4

NA_AVX2_INLINE void na_direct_dots8(const int16_t *x, const int8_t *const w[8], __m256i *acc, int32_t chunks)
{
    int32_t l, c;
    for (l = 0; l < 8; ++l) {
        __m256i a = _mm256_setzero_si256();
        for (c = 0; c < chunks; ++c)
            a = _mm256_add_epi32(a, _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128(
                                                          (const __m128i *)(const void *)(w[l] + 16 * c))),
                                                      _mm256_loadu_si256((const __m256i *)(const void *)(x + 16 * c))));
        acc[l] = a;
    }
}

static NA_AVX2 void na_x86_rows_direct(const na_rows_params *p, const int8_t *input, const int8_t *filter,
                                       const int32_t *bias, const int32_t *multiplier, const int32_t *shift,
                                       int8_t *output)
{
    int16_t x16[NA_X16_CAP];
    const int32_t chunks = p->row_len / 16;
    const __m256i offset = _mm256_set1_epi16((int16_t)p->input_offset);
    const na_clamp8 clamp = na_clamp_setup(p->output_offset, p->act_min, p->act_max);
    int32_t t, i, ob, l;
    for (t = 0; t < p->rows; ++t)
        for (i = 0; i < p->row_len; i += 16)
            _mm256_storeu_si256((__m256i *)(void *)(x16 + t * p->row_len + i),
                                _mm256_add_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128(
                                                     (const __m128i *)(const void *)(input + t * p->row_step + i))),
                                                 offset));
    for (ob = 0; ob < p->cout; ob += 8) {
        const int32_t nb = p->cout - ob < 8 ? p->cout - ob : 8;
        const int8_t *w[8];
        int32_t oc[8];
        __m256i b;
        na_rq q;
        for (l = 0; l < 8; ++l) {
            oc[l] = ob + (l < nb ? l : nb - 1); /* spare lanes repeat the last channel, unused */
            w[l] = filter + oc[l] * p->row_len;
        }
        na_lanes_setup(oc, bias, multiplier, shift, &b, &q);
        for (t = 0; t < p->rows; ++t) {
            __m256i acc[8];
            switch (chunks) { /* constant trip counts for the zoo's widths (C * 2^n, C = 4, 8, 10, 12, 16) */
            case 1: na_direct_dots8(x16 + t * p->row_len, w, acc, 1); break;
            case 2: na_direct_dots8(x16 + t * p->row_len, w, acc, 2); break;
            case 3: na_direct_dots8(x16 + t * p->row_len, w, acc, 3); break;
            case 4: na_direct_dots8(x16 + t * p->row_len, w, acc, 4); break;
            case 5: na_direct_dots8(x16 + t * p->row_len, w, acc, 5); break;
            case 6: na_direct_dots8(x16 + t * p->row_len, w, acc, 6); break;
            case 8: na_direct_dots8(x16 + t * p->row_len, w, acc, 8); break;
            default: na_direct_dots8(x16 + t * p->row_len, w, acc, chunks); break;
            }
            na_store8(output + t * p->cout + ob, na_requantize8(_mm256_add_epi32(na_hsum8(acc), b), &q, &clamp), nb);
        }
    }
}

static NA_AVX2 int na_x86_rows(const na_rows_params *p, const int8_t *input, const int8_t *filter,
                               const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    int16_t x16[NA_X16_CAP + 32];
    __m256i pairs[NA_PAIR_CAP], b[NA_ROW_BLOCKS];
    na_rq q[NA_ROW_BLOCKS];
    const int32_t n_pairs = (p->row_len + 1) / 2;
    const int half = p->cout <= 4; /* two steps per vector */
    const int32_t nob = half ? 1 : (p->cout + 7) / 8;
    const int all = nob <= NA_ROW_BLOCKS && nob * n_pairs <= NA_PAIR_CAP; /* every block prepared at once */
    const na_clamp8 clamp = na_clamp_setup(p->output_offset, p->act_min, p->act_max);
    int32_t tile, t0, ob;
    if (p->cout <= 0) return 1; /* the callers return 0 for no rows */
    if (n_pairs > NA_PAIR_CAP || p->row_len + 2 > NA_X16_CAP || p->row_step <= 0 || !na_shifts_ok(shift, p->cout))
        return 0;
    if (p->rows <= NA_DIRECT_ROWS && p->row_len % 16 == 0 && p->rows * p->row_len <= NA_X16_CAP) {
        na_x86_rows_direct(p, input, filter, bias, multiplier, shift, output);
        return 1;
    }
    tile = (NA_X16_CAP - p->row_len - 2) / p->row_step + 1;
    if (half && tile > 1) tile -= tile % 2;
    if (p->cout > 8 && p->cout % 8 != 0) {
        int32_t period = p->cout, nslots, period_rows, sl, e, l;
        na_rows_slot slots[NA_ROW_BLOCKS];
        while (period % 8 != 0) period += p->cout;
        nslots = period / 8;
        period_rows = period / p->cout;
        if (nslots <= NA_ROW_BLOCKS && nslots * n_pairs <= NA_PAIR_CAP && tile >= period_rows) {
            tile -= tile % period_rows; /* whole periods per tile */
            for (sl = 0; sl < nslots; ++sl) {
                int32_t oc[8], next[8];
                slots[sl].row = (8 * sl) / p->cout;
                for (l = 0; l < 8; ++l) {
                    e = 8 * sl + l;
                    oc[l] = e % p->cout;
                    next[l] = e / p->cout > slots[sl].row ? -1 : 0;
                }
                slots[sl].straddle = next[7] != 0;
                slots[sl].next = _mm256_loadu_si256((const __m256i *)(const void *)next);
                na_rows_lanes(p, oc, filter, bias, multiplier, shift, pairs + sl * n_pairs, &b[sl], &q[sl]);
            }
            na_rq_share_flags(q, nslots);
            for (t0 = 0; t0 < p->rows; t0 += tile) {
                const int32_t t1 = p->rows - t0 < tile ? p->rows : t0 + tile;
                const int32_t total = (t1 - t0) * p->cout;
                na_widen(input + t0 * p->row_step, (t1 - 1 - t0) * p->row_step + p->row_len, x16);
                na_rows_slots_dispatch(x16, p->row_step, total / 8, nslots, period_rows, slots, pairs, b, q, &clamp,
                                       output + t0 * p->cout, n_pairs);
                for (e = total - total % 8; e < total; ++e) {
                    const int32_t t = t0 + e / p->cout, c = e % p->cout;
                    output[t * p->cout + c] = na_rows_one(p, input + t * p->row_step, filter + c * p->row_len, c, bias,
                                                          multiplier, shift);
                }
            }
            return 1;
        }
    }
    if (all) {
        for (ob = 0; ob < nob; ++ob)
            na_rows_block(p, 8 * ob, half, filter, bias, multiplier, shift, pairs + ob * n_pairs, &b[ob], &q[ob]);
        na_rq_share_flags(q, nob);
        for (t0 = 0; t0 < p->rows; t0 += tile) {
            const int32_t t1 = p->rows - t0 < tile ? p->rows : t0 + tile;
            na_widen(input + t0 * p->row_step, (t1 - 1 - t0) * p->row_step + p->row_len, x16);
            if ((!half && p->cout % 8 == 0) || p->cout == 4) {
                na_rows_dispatch(x16, p->row_step, t1 - t0, nob, half, pairs, b, q, &clamp, output + t0 * p->cout,
                                 n_pairs);
            } else {
                for (ob = 0; ob < nob; ++ob)
                    na_rows_one_block(x16, p->row_step, t1 - t0, p->cout, 8 * ob, half, n_pairs, pairs + ob * n_pairs,
                                      b[ob], &q[ob], &clamp, output + t0 * p->cout);
            }
        }
        return 1;
    }
    for (ob = 0; ob < nob; ++ob) {
        na_rows_block(p, 8 * ob, half, filter, bias, multiplier, shift, pairs, &b[0], &q[0]);
        for (t0 = 0; t0 < p->rows; t0 += tile) {
            const int32_t t1 = p->rows - t0 < tile ? p->rows : t0 + tile;
            na_widen(input + t0 * p->row_step, (t1 - 1 - t0) * p->row_step + p->row_len, x16);
            na_rows_one_block(x16, p->row_step, t1 - t0, p->cout, 8 * ob, half, n_pairs, pairs, b[0], &q[0], &clamp,
                              output + t0 * p->cout);
        }
    }
    return 1;
}

int na_x86_conv1d_s8(const na_conv1d_params *p, const int8_t *input, int32_t input_length, const int8_t *filter,
                     const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    const int32_t out_length = na_conv1d_output_length(p, input_length);
    if (!na_x86_has_avx2()) return 0;
    if (out_length <= 0) return 0;
    if (p->groups == 1 && (p->kernel == 1 || p->dilation == 1)) {
        na_rows_params r;
        r.rows = out_length;
        r.row_step = p->stride * p->in_channels;
        r.row_len = p->kernel * p->in_channels;
        r.cout = p->out_channels;
        r.input_offset = p->input_offset;
        r.output_offset = p->output_offset;
        r.act_min = p->act_min;
        r.act_max = p->act_max;
        return na_x86_rows(&r, input, filter, bias, multiplier, shift, output);
    }
    if (p->groups == p->in_channels && p->groups > 1)
        return na_x86_depthwise(p, input, out_length, filter, bias, multiplier, shift, output);
    return 0;
}

/* ---- the encoders' first conv on int16 PCM (groups 1, fan-in at most 16) -------------------------------------- */

/* Lanes are (time step, output channel) pairs: with C_out dividing 8, one vector covers 8 / C_out steps of all
 * channels (a one-channel stem with 4 outputs fills its lanes); otherwise blocks of 8 channels, one step each. The
 * int32 sums are exact, so the result equals the portable loop's byte for byte. */
static NA_AVX2 int na_x86_pcm_avx2(const na_conv1d_params *p, const int16_t *input, int32_t out_length,
                                   const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                                   const int32_t *shift, int8_t *output)
{
    const int32_t cout = p->out_channels, cin = p->in_channels, fan_in = p->kernel * cin;
    const int32_t row_step = p->stride * cin, tap_step = p->dilation * cin;
    const int32_t steps = cout <= 8 && 8 % cout == 0 ? 8 / cout : 1;
    const na_clamp8 clamp = na_clamp_setup(p->output_offset, p->act_min, p->act_max);
    int32_t oc0, t, j, l;
    for (oc0 = 0; oc0 < cout; oc0 += steps > 1 ? cout : 8) {
        const int32_t n = steps > 1 ? cout : (cout - oc0 < 8 ? cout - oc0 : 8);
        int32_t dt[8], oc[8], w32[16][8];
        __m256i taps[16], b;
        na_rq q;
        for (l = 0; l < 8; ++l) {
            dt[l] = steps > 1 ? l / cout : 0;
            oc[l] = steps > 1 ? l % cout : oc0 + (l < n ? l : n - 1);
            for (j = 0; j < fan_in; ++j) w32[j][l] = filter[oc[l] * fan_in + j];
        }
        for (j = 0; j < fan_in; ++j) taps[j] = _mm256_loadu_si256((const __m256i *)(const void *)w32[j]);
        na_lanes_setup(oc, bias, multiplier, shift, &b, &q);
        for (t = 0; t < out_length; t += steps) {
            const int32_t valid = out_length - t < steps ? out_length - t : steps;
            __m256i acc = b;
            int32_t k, i;
            for (k = 0; k < p->kernel; ++k) {
                for (i = 0; i < cin; ++i) {
                    const int16_t *x = input + k * tap_step + i;
                    __m256i xv;
                    if (steps == 1) {
                        xv = _mm256_set1_epi32(x[t * row_step]);
                    } else {
                        int32_t x8[8];
                        for (l = 0; l < 8; ++l) {
                            const int32_t row = t + dt[l] < out_length ? t + dt[l] : out_length - 1;
                            x8[l] = x[row * row_step];
                        }
                        xv = _mm256_loadu_si256((const __m256i *)(const void *)x8);
                    }
                    acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(xv, taps[k * cin + i]));
                }
            }
            na_store8(output + t * cout + (steps > 1 ? 0 : oc0), na_requantize8(acc, &q, &clamp), valid * n);
        }
    }
    return 1;
}

/* One input channel, stride 1 (every stem in the zoo): lanes are 8 consecutive time steps of one output channel, so
 * each tap is one contiguous load of 8 samples; the 8 results of a channel go to their rows one byte each. */
#define NA_PCM_STEM_CHANNELS 64

static NA_AVX2 int na_x86_pcm_stem_avx2(const na_conv1d_params *p, const int16_t *input, int32_t out_length,
                                        const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                                        const int32_t *shift, int8_t *output)
{
    const int32_t cout = p->out_channels, kernel = p->kernel, dilation = p->dilation;
    const na_clamp8 clamp = na_clamp_setup(p->output_offset, p->act_min, p->act_max);
    na_rq q[NA_PCM_STEM_CHANNELS];
    int32_t t, oc, k, l;
    for (oc = 0; oc < cout; ++oc) na_rq_setup_scalar(&q[oc], multiplier[oc], shift[oc]);
    for (t = 0; t + 8 <= out_length; t += 8) {
        __m256i x[16];
        for (k = 0; k < kernel; ++k)
            x[k] = _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(const void *)(input + t + k * dilation)));
        for (oc = 0; oc < cout; ++oc) {
            const int8_t *w = filter + oc * kernel;
            __m256i acc = _mm256_set1_epi32(bias != 0 ? bias[oc] : 0);
            int8_t bytes[16];
            for (k = 0; k < kernel; ++k) acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(x[k], _mm256_set1_epi32(w[k])));
            _mm_storeu_si128((__m128i *)(void *)bytes, na_pack8(na_requantize8(acc, &q[oc], &clamp)));
            for (l = 0; l < 8; ++l) output[(t + l) * cout + oc] = bytes[l];
        }
    }
    for (; t < out_length; ++t) {
        for (oc = 0; oc < cout; ++oc) {
            const int8_t *w = filter + oc * kernel;
            int32_t acc = bias != 0 ? bias[oc] : 0;
            for (k = 0; k < kernel; ++k) acc += (int32_t)input[t + k * dilation] * (int32_t)w[k];
            output[t * cout + oc] = na_requantize(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min,
                                                  p->act_max);
        }
    }
    return 1;
}

int na_x86_conv1d_pcm_s16(const na_conv1d_params *p, const int16_t *input, int32_t input_length, const int8_t *filter,
                          const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    const int32_t out_length = na_conv1d_output_length(p, input_length);
    if (!na_x86_has_avx2() || out_length <= 0) return 0;
    if (p->groups != 1 || p->kernel * p->in_channels > 16 || !na_shifts_ok(shift, p->out_channels)) return 0;
    if (p->in_channels == 1 && p->stride == 1 && p->out_channels <= NA_PCM_STEM_CHANNELS)
        return na_x86_pcm_stem_avx2(p, input, out_length, filter, bias, multiplier, shift, output);
    return na_x86_pcm_avx2(p, input, out_length, filter, bias, multiplier, shift, output);
}

int na_x86_linear_s8(const na_linear_params *p, const int8_t *input, int32_t rows, const int8_t *filter,
                     const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    na_rows_params r;
    if (!na_x86_has_avx2() || rows <= 0) return 0;
    r.rows = rows;
    r.row_step = p->in_features;
    r.row_len = p->in_features;
    r.cout = p->out_features;
    r.input_offset = p->input_offset;
    r.output_offset = p->output_offset;
    r.act_min = p->act_min;
    r.act_max = p->act_max;
    return na_x86_rows(&r, input, filter, bias, multiplier, shift, output);
}

/* ---- add ---------------------------------------------------------------------------------------------------- */

/*
 * An input's rescale MBQM((x + offset) << ls, m, s) with s <= 0 and 15 <= ls <= 23: A = x + offset is within
 * [-255, 255], so with d = 31 - ls and m = mh * 2^16 + ml (ml in [0, 2^16)),
 *   SRDHM(A * 2^ls, m) = floor((A * m + 2^(d-1)) / 2^d) = A * (mh << (16 - d)) + ((A * ml + 2^(d-1)) >> d),
 * exactly, in int32 (|A * mh| < 2^23, A * ml < 2^24): two vpmulld instead of the 64-bit products.
 */
typedef struct {
    __m256i offset, mh, ml, round, right, mask, half;
    __m128i d;
} na_add_input;

NA_AVX2_INLINE void na_add_input_setup(na_add_input *in, int32_t offset, int32_t multiplier, int32_t shift,
                                       int32_t left_shift)
{
    const int32_t d = 31 - left_shift;
    na_rq q;
    na_rq_setup_scalar(&q, multiplier, shift);
    in->offset = _mm256_set1_epi32(offset);
    in->mh = _mm256_set1_epi32((int32_t)((uint32_t)(multiplier >> 16) << (16 - d)));
    in->ml = _mm256_set1_epi32(multiplier & 0xFFFF);
    in->round = _mm256_set1_epi32((int32_t)1 << (d - 1));
    in->d = _mm_cvtsi32_si128(d);
    in->right = q.right;
    in->mask = q.mask;
    in->half = q.half;
}

NA_AVX2_INLINE __m256i na_add_input_rescale(const int8_t *src, const na_add_input *in)
{
    const __m256i a = _mm256_add_epi32(na_load8_s32(src), in->offset);
    const __m256i r = _mm256_add_epi32(
        _mm256_mullo_epi32(a, in->mh),
        _mm256_sra_epi32(_mm256_add_epi32(_mm256_mullo_epi32(a, in->ml), in->round), in->d));
    const __m256i remainder = _mm256_and_si256(r, in->mask);
    const __m256i threshold = _mm256_sub_epi32(in->half, _mm256_srai_epi32(r, 31));
    return _mm256_sub_epi32(_mm256_srav_epi32(r, in->right), _mm256_cmpgt_epi32(remainder, threshold));
}

static NA_AVX2 void na_x86_add_avx2(const na_add_params *p, const int8_t *input1, const int8_t *input2,
                                    int8_t *output, int32_t size)
{
    const na_clamp8 clamp = na_clamp_setup(p->output_offset, p->act_min, p->act_max);
    na_rq qo;
    int32_t i = 0;
    na_rq_setup_scalar(&qo, p->output_multiplier, p->output_shift);
    if (p->left_shift >= 15 && p->input1_shift <= 0 && p->input2_shift <= 0) {
        na_add_input in1, in2;
        na_add_input_setup(&in1, p->input1_offset, p->input1_multiplier, p->input1_shift, p->left_shift);
        na_add_input_setup(&in2, p->input2_offset, p->input2_multiplier, p->input2_shift, p->left_shift);
#define NA_ADD8S(src1, src2)                                                                                       \
    na_offset_clamp8(                                                                                              \
        na_rq_mbqm(_mm256_add_epi32(na_add_input_rescale(src1, &in1), na_add_input_rescale(src2, &in2)), &qo),    \
        &clamp)
        for (; i + 32 <= size; i += 32) {
            const __m256i a = NA_ADD8S(input1 + i, input2 + i);
            const __m256i b = NA_ADD8S(input1 + i + 8, input2 + i + 8);
            const __m256i c = NA_ADD8S(input1 + i + 16, input2 + i + 16);
            const __m256i d = NA_ADD8S(input1 + i + 24, input2 + i + 24);
            _mm256_storeu_si256((__m256i *)(void *)(output + i), na_pack32(a, b, c, d));
        }
        for (; i + 8 <= size; i += 8) na_store8(output + i, NA_ADD8S(input1 + i, input2 + i), 8);
#undef NA_ADD8S
    } else {
        const __m128i count = _mm_cvtsi32_si128(p->left_shift);
        const __m256i off1 = _mm256_set1_epi32(p->input1_offset);
        const __m256i off2 = _mm256_set1_epi32(p->input2_offset);
        na_rq q1, q2;
        na_rq_setup_scalar(&q1, p->input1_multiplier, p->input1_shift);
        na_rq_setup_scalar(&q2, p->input2_multiplier, p->input2_shift);
#define NA_ADD8(src1, src2)                                                                                    \
    na_offset_clamp8(                                                                                          \
        na_rq_mbqm(_mm256_add_epi32(                                                                           \
                       na_rq_mbqm(_mm256_sll_epi32(_mm256_add_epi32(na_load8_s32(src1), off1), count), &q1), \
                       na_rq_mbqm(_mm256_sll_epi32(_mm256_add_epi32(na_load8_s32(src2), off2), count), &q2)), \
                   &qo),                                                                                       \
        &clamp)
        for (; i + 32 <= size; i += 32) {
            const __m256i a = NA_ADD8(input1 + i, input2 + i);
            const __m256i b = NA_ADD8(input1 + i + 8, input2 + i + 8);
            const __m256i c = NA_ADD8(input1 + i + 16, input2 + i + 16);
            const __m256i d = NA_ADD8(input1 + i + 24, input2 + i + 24);
            _mm256_storeu_si256((__m256i *)(void *)(output + i), na_pack32(a, b, c, d));
        }
        for (; i + 8 <= size; i += 8) na_store8(output + i, NA_ADD8(input1 + i, input2 + i), 8);
#undef NA_ADD8
    }
    for (; i < size; ++i) output[i] = na_add_element(p, input1[i], input2[i]);
}

int na_x86_add_s8(const na_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size)
{
    const int32_t shifts[3] = {p->input1_shift, p->input2_shift, p->output_shift};
    if (!na_x86_has_avx2() || !na_shifts_ok(shifts, 3) || p->left_shift < 0 || p->left_shift > 23) return 0;
    na_x86_add_avx2(p, input1, input2, output, size);
    return 1;
}

/* ---- int16 PCM to int8 (c_extra/na_quantize_pcm.c) ------------------------------------------------------------- */

/* clamp(MBQM(pcm, m, s) + offset) like the portable kernel: the sum wraps (as C#'s does) before the clamp. */
static NA_AVX2 void na_x86_quantize_pcm_avx2(const int16_t *pcm, int32_t size, int32_t multiplier, int32_t shift,
                                             int32_t output_offset, int32_t act_min, int32_t act_max, int8_t *output)
{
    const __m256i offset = _mm256_set1_epi32(output_offset);
    const __m256i lo = _mm256_set1_epi32(act_min), hi = _mm256_set1_epi32(act_max);
    na_rq q;
    int32_t i;
    na_rq_setup_scalar(&q, multiplier, shift);
    for (i = 0; i + 32 <= size; i += 32) {
        __m256i v[4];
        int j;
        for (j = 0; j < 4; ++j) {
            const __m256i x = _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(const void *)(pcm + i + 8 * j)));
            v[j] = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(na_rq_mbqm(x, &q), offset), lo), hi);
        }
        _mm256_storeu_si256((__m256i *)(void *)(output + i), na_pack32(v[0], v[1], v[2], v[3]));
    }
    for (; i < size; ++i) {
        int32_t v = (int32_t)((uint32_t)na_mbqm_inline(pcm[i], multiplier, shift) + (uint32_t)output_offset);
        if (v < act_min) v = act_min;
        if (v > act_max) v = act_max;
        output[i] = (int8_t)v;
    }
}

int na_x86_quantize_pcm_s16(const int16_t *pcm, int32_t size, int32_t multiplier, int32_t shift,
                            int32_t output_offset, int32_t act_min, int32_t act_max, int8_t *output)
{
    if (!na_x86_has_avx2() || shift > 31 || shift < -31 || act_min < -128 || act_max > 127) return 0;
    na_x86_quantize_pcm_avx2(pcm, size, multiplier, shift, output_offset, act_min, act_max, output);
    return 1;
}

/* ---- 256-entry table look-up ---------------------------------------------------------------------------------- */

#if !defined(NA_NO_HOST_AVX512)
/* AVX-512 VBMI: vpermi2b looks 64 bytes up in 128 entries; bit 7 of the index picks the table half. */
static __attribute__((target("avx512f,avx512bw,avx512vbmi"))) int32_t na_x86_lut_vbmi(const int8_t *input,
                                                                                        int8_t *output, int32_t size,
                                                                                        const int8_t lut[256])
{
    const __m512i t0 = _mm512_loadu_si512((const void *)lut);
    const __m512i t1 = _mm512_loadu_si512((const void *)(lut + 64));
    const __m512i t2 = _mm512_loadu_si512((const void *)(lut + 128));
    const __m512i t3 = _mm512_loadu_si512((const void *)(lut + 192));
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    int32_t i;
    for (i = 0; i + 64 <= size; i += 64) {
        const __m512i u = _mm512_xor_si512(_mm512_loadu_si512((const void *)(input + i)), flip); /* x + 128 */
        const __m512i lo = _mm512_permutex2var_epi8(t0, u, t1);
        const __m512i hi = _mm512_permutex2var_epi8(t2, u, t3);
        _mm512_storeu_si512((void *)(output + i), _mm512_mask_blend_epi8(_mm512_movepi8_mask(u), lo, hi));
    }
    return i;
}

#endif

/* AVX2: 16 vpshufb (one per 16-entry row, the index's low nibble) and a tree of blends on its high nibble. */
static NA_AVX2 int32_t na_x86_lut_avx2(const int8_t *input, int8_t *output, int32_t size, const int8_t lut[256])
{
    const __m256i flip = _mm256_set1_epi8((char)0x80);
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    int32_t i;
    for (i = 0; i + 32 <= size; i += 32) {
        const __m256i u = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(const void *)(input + i)), flip);
        const __m256i lo = _mm256_and_si256(u, low4);
        const __m256i bit4 = _mm256_slli_epi16(u, 3), bit5 = _mm256_slli_epi16(u, 2), bit6 = _mm256_slli_epi16(u, 1);
        __m256i level[8];
        int h;
        for (h = 0; h < 8; ++h) {
            const __m256i a = _mm256_shuffle_epi8(
                _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(lut + 32 * h))), lo);
            const __m256i b = _mm256_shuffle_epi8(
                _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(lut + 32 * h + 16))), lo);
            level[h] = _mm256_blendv_epi8(a, b, bit4);
        }
        for (h = 0; h < 4; ++h) level[h] = _mm256_blendv_epi8(level[2 * h], level[2 * h + 1], bit5);
        for (h = 0; h < 2; ++h) level[h] = _mm256_blendv_epi8(level[2 * h], level[2 * h + 1], bit6);
        _mm256_storeu_si256((__m256i *)(void *)(output + i), _mm256_blendv_epi8(level[0], level[1], u));
    }
    return i;
}

int na_x86_lut_s8(const int8_t *input, int8_t *output, int32_t size, const int8_t lut[256])
{
    int32_t i = 0;
    if (size < 32 || !na_x86_has_avx2()) return 0;
#if !defined(NA_NO_HOST_AVX512)
    if (na_x86_has_vbmi()) i = na_x86_lut_vbmi(input, output, size, lut);
#endif
    i += na_x86_lut_avx2(input + i, output + i, size - i, lut);
    for (; i < size; ++i) output[i] = lut[(int32_t)input[i] + 128];
    return 1;
}

/* ---- residual VQ search ---------------------------------------------------------------------------------------- */


/* r[0, dim) = saturate_int16(MBQM(v + offset, m, s)) with v = src8[i] (src16 == 0) or src16[i]; dim % 16 == 0. */
NA_AVX2_INLINE void na_rvq_rescale(const int8_t *src8, const int16_t *src16, int32_t offset, int32_t multiplier,
                                   int32_t shift, int32_t dim, int16_t *r)
{
    const __m256i off = _mm256_set1_epi32(offset);
    na_rq q;
    int32_t i;
    na_rq_setup_scalar(&q, multiplier, shift);
    for (i = 0; i < dim; i += 16) {
        __m256i a, b;
        if (src8 != 0) {
            a = na_load8_s32(src8 + i);
            b = na_load8_s32(src8 + i + 8);
        } else {
            const __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(src16 + i));
            a = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(v));
            b = _mm256_cvtepi16_epi32(_mm256_extracti128_si256(v, 1));
        }
        a = na_rq_mbqm(_mm256_add_epi32(a, off), &q);
        b = na_rq_mbqm(_mm256_add_epi32(b, off), &q);
        /* vpackssdw saturates to int16 like na_saturate_s16; the permute undoes its lane interleave */
        _mm256_storeu_si256((__m256i *)(void *)(r + i), _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), 0xD8));
    }
}

/*
 * The portable search with the distance's dot product sum(r[i] * (w[i] + offset)) written as
 * sum(r[i] * w[i]) + offset * sum(r[i]): with dim <= 256 each |r[i] * w[i]| <= 2^15 * 2^7, so the int32 lane sums
 * of vpmaddwd are exact, and the int64 total equals the portable one. Codewords are scanned 8 at a time; distances
 * are int64 lanes, each lane keeping its first strict minimum, and the lanes' minima are then compared with the
 * lowest index winning ties: the portable scan's answer.
 */
static NA_AVX2 void na_x86_rvq_avx2(const na_rvq_params *p, const int8_t *embedding, int32_t frames,
                                    const int8_t *codebooks, const int32_t *codebook_offsets, const int32_t *norms,
                                    const int32_t *multiplier, const int32_t *shift, int16_t *r, uint16_t *codes)
{
    const int32_t dim = p->dim;
    const int32_t size = p->codebook_size;
    const int32_t chunks = dim / 16;
    const int32_t one = (int32_t)1 << p->frac_bits;
    const __m128i frac = _mm_cvtsi32_si128(p->frac_bits);
    int32_t f, st, k, i, c, j;
    for (f = 0; f < frames; ++f) {
        na_rvq_rescale(embedding + f * dim, 0, p->input_offset, multiplier[0], shift[0], dim, r);
        for (st = 0; st < p->stages; ++st) {
            const int8_t *book = codebooks + st * size * dim;
            const int32_t *book_norms = norms + st * size;
            const int32_t offset = codebook_offsets[st];
            const int32_t full = size - size % 8;
            __m256i rsum = _mm256_setzero_si256(), best_lo, best_hi, idx_lo, idx_hi;
            __m256i index = _mm256_setr_epi64x(0, 1, 2, 3);
            int64_t best = INT64_MAX, offset_term, lane_dist[8], lane_idx[8];
            int32_t best_k = 0, sum[8];
            if (st > 0) na_rvq_rescale(0, r, 0, multiplier[st], shift[st], dim, r);
            for (c = 0; c < chunks; ++c)
                rsum = _mm256_add_epi32(rsum, _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(const void *)(r + 16 * c)),
                                                                _mm256_set1_epi16(1)));
            _mm256_storeu_si256((__m256i *)(void *)sum, rsum);
            offset_term = (int64_t)offset * (int64_t)(sum[0] + sum[1] + sum[2] + sum[3] + sum[4] + sum[5] + sum[6] + sum[7]);
            best_lo = best_hi = _mm256_set1_epi64x(INT64_MAX);
            idx_lo = idx_hi = _mm256_setzero_si256();
            for (k = 0; k < full; k += 8) {
                const int8_t *w[8]; /* 8 consecutive codewords */
                __m256i acc[8], dots, d_lo, d_hi, m_lo, m_hi, lt_lo, lt_hi;
                for (j = 0; j < 8; ++j) w[j] = book + (k + j) * dim;
                switch (chunks) { /* a constant trip count for the zoo's dimensions, so the loop unrolls */
                case 4: na_direct_dots8(r, w, acc, 4); break;
                case 8: na_direct_dots8(r, w, acc, 8); break;
                default: na_direct_dots8(r, w, acc, chunks); break;
                }
                dots = na_hsum8(acc);
                /* distance = norm * 2^F - 2 * (dot + offset_term), int64 */
                d_lo = _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(dots)), _mm256_set1_epi64x(offset_term));
                d_hi = _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm256_extracti128_si256(dots, 1)), _mm256_set1_epi64x(offset_term));
                m_lo = _mm256_sll_epi64(_mm256_cvtepi32_epi64(_mm_loadu_si128((const __m128i *)(const void *)(book_norms + k))), frac);
                m_hi = _mm256_sll_epi64(_mm256_cvtepi32_epi64(_mm_loadu_si128((const __m128i *)(const void *)(book_norms + k + 4))), frac);
                d_lo = _mm256_sub_epi64(m_lo, _mm256_add_epi64(d_lo, d_lo));
                d_hi = _mm256_sub_epi64(m_hi, _mm256_add_epi64(d_hi, d_hi));
                lt_lo = _mm256_cmpgt_epi64(best_lo, d_lo);
                lt_hi = _mm256_cmpgt_epi64(best_hi, d_hi);
                best_lo = _mm256_blendv_epi8(best_lo, d_lo, lt_lo);
                best_hi = _mm256_blendv_epi8(best_hi, d_hi, lt_hi);
                idx_lo = _mm256_blendv_epi8(idx_lo, index, lt_lo);
                idx_hi = _mm256_blendv_epi8(idx_hi, _mm256_add_epi64(index, _mm256_set1_epi64x(4)), lt_hi);
                index = _mm256_add_epi64(index, _mm256_set1_epi64x(8));
            }
            if (full > 0) {
                _mm256_storeu_si256((__m256i *)(void *)lane_dist, best_lo);
                _mm256_storeu_si256((__m256i *)(void *)(lane_dist + 4), best_hi);
                _mm256_storeu_si256((__m256i *)(void *)lane_idx, idx_lo);
                _mm256_storeu_si256((__m256i *)(void *)(lane_idx + 4), idx_hi);
                for (j = 0; j < 8; ++j)
                    if (lane_dist[j] < best || (lane_dist[j] == best && lane_idx[j] < best_k)) {
                        best = lane_dist[j];
                        best_k = (int32_t)lane_idx[j];
                    }
            }
            for (k = full; k < size; ++k) {
                const int8_t *word = book + k * dim;
                int32_t dot = 0;
                int64_t distance;
                for (i = 0; i < dim; ++i) dot += (int32_t)r[i] * (int32_t)word[i];
                distance = (int64_t)book_norms[k] * one - 2 * ((int64_t)dot + offset_term);
                if (distance < best) {
                    best = distance;
                    best_k = k;
                }
            }
            codes[f * p->stages + st] = (uint16_t)best_k;
            {
                /* r -= (w + offset) * 2^F, saturating to int16 */
                const int8_t *w = book + best_k * dim;
                const __m256i off = _mm256_set1_epi32(offset);
                for (i = 0; i < dim; i += 16) {
                    const __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(r + i));
                    const __m256i a = _mm256_sub_epi32(_mm256_cvtepi16_epi32(_mm256_castsi256_si128(v)),
                                                       _mm256_sll_epi32(_mm256_add_epi32(na_load8_s32(w + i), off), frac));
                    const __m256i b = _mm256_sub_epi32(_mm256_cvtepi16_epi32(_mm256_extracti128_si256(v, 1)),
                                                       _mm256_sll_epi32(_mm256_add_epi32(na_load8_s32(w + i + 8), off), frac));
                    _mm256_storeu_si256((__m256i *)(void *)(r + i), _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), 0xD8));
                }
            }
        }
    }
}

int na_x86_rvq_encode_s8(const na_rvq_params *p, const int8_t *embedding, int32_t frames, const int8_t *codebooks,
                         const int32_t *codebook_offsets, const int32_t *norms, const int32_t *multiplier,
                         const int32_t *shift, int16_t *residual_scratch, uint16_t *codes)
{
    if (!na_x86_has_avx2() || p->dim % 16 != 0 || p->dim > 256 || p->dim <= 0 || p->codebook_size <= 0) return 0;
    na_x86_rvq_avx2(p, embedding, frames, codebooks, codebook_offsets, norms, multiplier, shift, residual_scratch,
                    codes);
    return 1;
}

#if defined(NA_SIMD_TEST_HOOKS)
/* Test hooks (built by tests/NeuralAudio.Runtime.Tests only): the vector requantisation on whole arrays, so that
 * every edge value reaches it and not only those an int8 output would show. 0: no AVX2 or not applicable. */
static NA_AVX2 void na_x86_test_mbqm_avx2(const int32_t *x, const int32_t *multiplier, const int32_t *shift, int32_t n,
                                          int32_t *out)
{
    int32_t i, l;
    for (i = 0; i < n; i += 8) {
        int32_t x8[8], m8[8], s8[8], r8[8];
        na_rq q;
        for (l = 0; l < 8; ++l) {
            x8[l] = i + l < n ? x[i + l] : 0;
            m8[l] = i + l < n ? multiplier[i + l] : 0;
            s8[l] = i + l < n ? shift[i + l] : 0;
        }
        na_rq_setup(&q, m8, s8);
        _mm256_storeu_si256((__m256i *)(void *)r8, na_rq_mbqm(_mm256_loadu_si256((const __m256i *)(const void *)x8), &q));
        for (l = 0; l < 8 && i + l < n; ++l) out[i + l] = r8[l];
    }
}

int na_x86_test_mbqm(const int32_t *x, const int32_t *multiplier, const int32_t *shift, int32_t n, int32_t *out)
{
    if (!na_x86_has_avx2() || !na_shifts_ok(shift, n)) return 0;
    na_x86_test_mbqm_avx2(x, multiplier, shift, n, out);
    return 1;
}

static NA_AVX2 void na_x86_test_add_rescale_avx2(const int8_t *x, int32_t n, int32_t offset, int32_t multiplier,
                                                 int32_t shift, int32_t left_shift, int32_t *out)
{
    na_add_input in;
    int32_t i, l;
    na_add_input_setup(&in, offset, multiplier, shift, left_shift);
    for (i = 0; i < n; i += 8) {
        int8_t x8[8];
        int32_t r8[8];
        for (l = 0; l < 8; ++l) x8[l] = i + l < n ? x[i + l] : 0;
        _mm256_storeu_si256((__m256i *)(void *)r8, na_add_input_rescale(x8, &in));
        for (l = 0; l < 8 && i + l < n; ++l) out[i + l] = r8[l];
    }
}

int na_x86_test_add_rescale(const int8_t *x, int32_t n, int32_t offset, int32_t multiplier, int32_t shift,
                            int32_t left_shift, int32_t *out)
{
    if (!na_x86_has_avx2() || left_shift < 15 || left_shift > 23 || shift > 0 || shift < -31) return 0;
    na_x86_test_add_rescale_avx2(x, n, offset, multiplier, shift, left_shift, out);
    return 1;
}
#endif /* NA_SIMD_TEST_HOOKS */

#else

const char *na_host_simd(void)
{
    return "none";
}

#endif /* NA_X86_SIMD */
