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
#define NA_X16_CAP 4096
#define NA_PAIR_CAP 384
#define NA_DW_TAPS 16

int na_x86_has_avx2(void)
{
    return __builtin_cpu_supports("avx2") ? 1 : 0;
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
static int na_shifts_ok(const int32_t *shift, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; ++i)
        if (shift[i] > 31 || shift[i] < -31) return 0;
    return 1;
}

NA_AVX2_INLINE void na_rq_setup(na_rq *q, const int32_t *mult8, const int32_t *shift8)
{
    int32_t left[8], right[8];
    int l;
    q->any_left = 0;
    q->any_min = 0;
    for (l = 0; l < 8; ++l) {
        left[l] = shift8[l] > 0 ? shift8[l] : 0;
        right[l] = shift8[l] > 0 ? 0 : -shift8[l];
        q->any_left |= shift8[l] > 0;
        q->any_min |= mult8[l] == INT32_MIN;
    }
    q->mul_even = _mm256_loadu_si256((const __m256i *)(const void *)mult8);
    q->mul_odd = _mm256_srli_epi64(q->mul_even, 32);
    q->left = _mm256_loadu_si256((const __m256i *)(const void *)left);
    q->right = _mm256_loadu_si256((const __m256i *)(const void *)right);
    q->mask = _mm256_sub_epi32(_mm256_sllv_epi32(_mm256_set1_epi32(1), q->right), _mm256_set1_epi32(1));
    q->half = _mm256_srli_epi32(q->mask, 1);
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

NA_AVX2_INLINE __m256i na_load8_s32(const int8_t *src)
{
    return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)src));
}

/* bias + input_offset * sum(w), as the wrapping int32 sum the SIMD lanes compute. */
static int32_t na_folded_bias(const int32_t *bias, int32_t oc, const int8_t *w, int32_t n, int32_t step,
                              int32_t input_offset)
{
    uint32_t sum = bias != 0 ? (uint32_t)bias[oc] : 0u;
    int32_t wsum = 0, i;
    for (i = 0; i < n; ++i) wsum += w[i * step];
    return (int32_t)(sum + (uint32_t)input_offset * (uint32_t)wsum);
}

/* ---- depthwise conv1d (groups = channels, one output per channel) --------------------------------------------- */

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

/* The lanes' channels ch[0..8): weights per tap, folded bias, requantisation. */
NA_AVX2_INLINE void na_dw_lanes(const na_conv1d_params *p, const int32_t ch[8], const int8_t *filter,
                                const int32_t *bias, const int32_t *multiplier, const int32_t *shift, __m256i *taps,
                                __m256i *b, na_rq *q)
{
    int32_t w32[NA_DW_TAPS][8], b8[8], m8[8], s8[8];
    int32_t l, k;
    for (l = 0; l < 8; ++l) {
        const int8_t *w = filter + ch[l] * p->kernel;
        for (k = 0; k < p->kernel; ++k) w32[k][l] = w[k];
        b8[l] = na_folded_bias(bias, ch[l], w, p->kernel, 1, p->input_offset);
        m8[l] = multiplier[ch[l]];
        s8[l] = shift[ch[l]];
    }
    for (k = 0; k < p->kernel; ++k) taps[k] = _mm256_loadu_si256((const __m256i *)(const void *)w32[k]);
    *b = _mm256_loadu_si256((const __m256i *)(const void *)b8);
    na_rq_setup(q, m8, s8);
}

static NA_AVX2 int na_x86_depthwise(const na_conv1d_params *p, const int8_t *input, int32_t out_length,
                                    const int8_t *filter, const int32_t *bias, const int32_t *multiplier,
                                    const int32_t *shift, int8_t *output)
{
    const int32_t cin = p->in_channels;
    const int32_t kernel = p->kernel;
    const int32_t tap_step = p->dilation * cin;
    const na_clamp8 clamp = na_clamp_setup(p->output_offset, p->act_min, p->act_max);
    __m256i taps[NA_DW_TAPS], b;
    na_rq q;
    int32_t ch[8], l, k;
    if (p->out_channels != cin || kernel > NA_DW_TAPS || !na_shifts_ok(shift, cin)) return 0;
    if (p->stride == 1) {
        /* Flat: output element n = t * C + c reads input n + k * d * C, whatever C is. A vector of 8 consecutive
         * outputs has the channels (n + l) mod C, which repeat with period L = lcm(C, 8): one set of lane weights
         * per start position p0 < L (multiples of 8), reused for n = p0, p0 + L, ... */
        const int32_t total = out_length * cin;
        const int32_t vec_end = total - total % 8;
        int32_t period = cin, p0, n;
        while (period % 8 != 0) period += cin;
        for (p0 = 0; p0 < period && p0 < vec_end; p0 += 8) {
            for (l = 0; l < 8; ++l) ch[l] = (p0 + l) % cin;
            na_dw_lanes(p, ch, filter, bias, multiplier, shift, taps, &b, &q);
            for (n = p0; n < vec_end; n += period) {
                const int8_t *x = input + n;
                __m256i acc = b;
                for (k = 0; k < kernel; ++k)
                    acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(na_load8_s32(x + k * tap_step), taps[k]));
                na_store8(output + n, na_requantize8(acc, &q, &clamp), 8);
            }
        }
        for (n = vec_end; n < total; ++n) {
            const int32_t c = n % cin;
            output[n] = na_dw_one(p, input + n, filter + c * kernel, c, bias, multiplier, shift);
        }
    } else {
        /* Strided: per output step, channels in blocks of 8; the last C mod 8 channels one by one. */
        const int32_t full = cin - cin % 8;
        const int32_t in_step = p->stride * cin;
        int32_t c0, t, c;
        for (c0 = 0; c0 < full; c0 += 8) {
            for (l = 0; l < 8; ++l) ch[l] = c0 + l;
            na_dw_lanes(p, ch, filter, bias, multiplier, shift, taps, &b, &q);
            for (t = 0; t < out_length; ++t) {
                const int8_t *x = input + t * in_step + c0;
                __m256i acc = b;
                for (k = 0; k < kernel; ++k)
                    acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(na_load8_s32(x + k * tap_step), taps[k]));
                na_store8(output + t * cin + c0, na_requantize8(acc, &q, &clamp), 8);
            }
        }
        for (t = 0; t < out_length; ++t)
            for (c = full; c < cin; ++c)
                output[t * cin + c] = na_dw_one(p, input + t * in_step + c, filter + c * kernel, c, bias, multiplier,
                                                shift);
    }
    return 1;
}

/* ---- dense rows: pointwise / dense conv1d (dilation 1) and linear ------------------------------------------------ */

/*
 * out[t][oc] = requant(bias[oc] + sum over i < row_len of (x[t * row_step + i] + offset) * w[oc][i]), t < rows.
 * A pointwise conv is row_len = C_in, row_step = stride * C_in; a dense conv with dilation 1 reads k * C_in
 * contiguous values per output (its filter [out][k][in] is in the same order); linear is row_step = row_len.
 * Lanes are 8 output channels; the input, widened to int16 once, is read as broadcast pairs (x[i], x[i+1]) and
 * multiplied with interleaved weight pairs by vpmaddwd. With 4 or fewer output channels, lanes 0-3 hold step t and
 * lanes 4-7 step t + 1.
 */
typedef struct {
    int32_t rows, row_step, row_len, cout;
    int32_t input_offset, output_offset, act_min, act_max;
} na_rows_params;

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

NA_AVX2_INLINE __m256i na_bcast_pair(const int16_t *x)
{
    int32_t v;
    memcpy(&v, x, sizeof v);
    return _mm256_set1_epi32(v);
}

static NA_AVX2 int na_x86_rows(const na_rows_params *p, const int8_t *input, const int8_t *filter,
                               const int32_t *bias, const int32_t *multiplier, const int32_t *shift, int8_t *output)
{
    int16_t x16[NA_X16_CAP + 32];
    __m256i pairs[NA_PAIR_CAP];
    const int32_t n_pairs = (p->row_len + 1) / 2;
    const int half = p->cout <= 4; /* two steps per vector */
    const na_clamp8 clamp = na_clamp_setup(p->output_offset, p->act_min, p->act_max);
    int32_t tile, t0;
    if (p->rows <= 0 || p->cout <= 0) return 1;
    if (n_pairs > NA_PAIR_CAP || p->row_len + 2 > NA_X16_CAP || p->row_step <= 0 || !na_shifts_ok(shift, p->cout))
        return 0;
    tile = (NA_X16_CAP - p->row_len - 2) / p->row_step + 1;
    if (half && tile % 2 != 0 && tile > 1) tile -= 1;
    for (t0 = 0; t0 < p->rows; t0 += tile) {
        const int32_t t1 = p->rows - t0 < tile ? p->rows : t0 + tile;
        const int32_t span = (t1 - 1 - t0) * p->row_step + p->row_len;
        const int8_t *src = input + t0 * p->row_step;
        int32_t i, ob;
        /* int16 copy of the tile's input, plus zeros for the odd row's last pair (its weight is 0) */
        for (i = 0; i + 16 <= span; i += 16)
            _mm256_storeu_si256((__m256i *)(void *)(x16 + i),
                                _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(src + i))));
        for (; i < span; ++i) x16[i] = src[i];
        x16[span] = 0;
        x16[span + 1] = 0;
        for (ob = 0; ob < p->cout; ob += half ? p->cout : 8) {
            const int32_t nb = half ? p->cout : (p->cout - ob < 8 ? p->cout - ob : 8);
            int32_t oc[8], b8[8], m8[8], s8[8], l, j, t;
            __m256i b;
            na_rq q;
            for (l = 0; l < 8; ++l) {
                const int32_t lane = half ? (l & 3) : l;
                oc[l] = lane < nb ? ob + lane : -1;
                b8[l] = oc[l] >= 0 ? na_folded_bias(bias, oc[l], filter + oc[l] * p->row_len, p->row_len, 1,
                                                    p->input_offset)
                                   : 0;
                m8[l] = oc[l] >= 0 ? multiplier[oc[l]] : 0;
                s8[l] = oc[l] >= 0 ? shift[oc[l]] : 0;
            }
            na_rows_weights(p, filter, oc, pairs);
            b = _mm256_loadu_si256((const __m256i *)(const void *)b8);
            na_rq_setup(&q, m8, s8);
            if (half) {
                for (t = t0; t < t1; t += 2) {
                    const int16_t *x0 = x16 + (t - t0) * p->row_step;
                    const int16_t *x1 = t + 1 < t1 ? x0 + p->row_step : x0;
                    __m256i acc = b;
                    int8_t tmp[16];
                    for (j = 0; j < n_pairs; ++j) {
                        const __m256i xv = _mm256_blend_epi32(na_bcast_pair(x0 + 2 * j), na_bcast_pair(x1 + 2 * j), 0xF0);
                        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(xv, pairs[j]));
                    }
                    _mm_storeu_si128((__m128i *)(void *)tmp, na_pack8(na_requantize8(acc, &q, &clamp)));
                    memcpy(output + t * p->cout, tmp, (size_t)nb);
                    if (t + 1 < t1) memcpy(output + (t + 1) * p->cout, tmp + 4, (size_t)nb);
                }
                continue;
            }
            t = t0;
            for (; t + 4 <= t1; t += 4) {
                const int16_t *x0 = x16 + (t - t0) * p->row_step;
                const int16_t *x1 = x0 + p->row_step;
                const int16_t *x2 = x1 + p->row_step;
                const int16_t *x3 = x2 + p->row_step;
                __m256i a0 = b, a1 = b, a2 = b, a3 = b;
                for (j = 0; j < n_pairs; ++j) {
                    const __m256i w = pairs[j];
                    a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(na_bcast_pair(x0 + 2 * j), w));
                    a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(na_bcast_pair(x1 + 2 * j), w));
                    a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(na_bcast_pair(x2 + 2 * j), w));
                    a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(na_bcast_pair(x3 + 2 * j), w));
                }
                na_store8(output + t * p->cout + ob, na_requantize8(a0, &q, &clamp), nb);
                na_store8(output + (t + 1) * p->cout + ob, na_requantize8(a1, &q, &clamp), nb);
                na_store8(output + (t + 2) * p->cout + ob, na_requantize8(a2, &q, &clamp), nb);
                na_store8(output + (t + 3) * p->cout + ob, na_requantize8(a3, &q, &clamp), nb);
            }
            for (; t < t1; ++t) {
                const int16_t *x0 = x16 + (t - t0) * p->row_step;
                __m256i acc = b;
                for (j = 0; j < n_pairs; ++j) acc = _mm256_add_epi32(acc, _mm256_madd_epi16(na_bcast_pair(x0 + 2 * j), pairs[j]));
                na_store8(output + t * p->cout + ob, na_requantize8(acc, &q, &clamp), nb);
            }
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

static NA_AVX2 void na_x86_add_avx2(const na_add_params *p, const int8_t *input1, const int8_t *input2,
                                    int8_t *output, int32_t size)
{
    const __m128i count = _mm_cvtsi32_si128(p->left_shift);
    const __m256i off1 = _mm256_set1_epi32(p->input1_offset);
    const __m256i off2 = _mm256_set1_epi32(p->input2_offset);
    const na_clamp8 clamp = na_clamp_setup(p->output_offset, p->act_min, p->act_max);
    na_rq q1, q2, qo;
    int32_t i = 0;
    na_rq_setup_scalar(&q1, p->input1_multiplier, p->input1_shift);
    na_rq_setup_scalar(&q2, p->input2_multiplier, p->input2_shift);
    na_rq_setup_scalar(&qo, p->output_multiplier, p->output_shift);
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
    for (; i < size; ++i) {
        const int32_t lift = (int32_t)1 << p->left_shift;
        const int32_t a = ((int32_t)input1[i] + p->input1_offset) * lift;
        const int32_t b = ((int32_t)input2[i] + p->input2_offset) * lift;
        const int32_t sum = na_mbqm_inline(a, p->input1_multiplier, p->input1_shift) +
                            na_mbqm_inline(b, p->input2_multiplier, p->input2_shift);
        output[i] = na_requantize(sum, p->output_multiplier, p->output_shift, p->output_offset, p->act_min,
                                  p->act_max);
    }
}

int na_x86_add_s8(const na_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output, int32_t size)
{
    const int32_t shifts[3] = {p->input1_shift, p->input2_shift, p->output_shift};
    if (!na_x86_has_avx2() || !na_shifts_ok(shifts, 3) || p->left_shift < 0 || p->left_shift > 23) return 0;
    na_x86_add_avx2(p, input1, input2, output, size);
    return 1;
}

/* ---- residual VQ search ---------------------------------------------------------------------------------------- */

static int16_t na_x86_saturate_s16(int32_t v)
{
    if (v > INT16_MAX) return INT16_MAX;
    if (v < INT16_MIN) return INT16_MIN;
    return (int16_t)v;
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

/*
 * The portable search with the distance's dot product sum(r[i] * (w[i] + offset)) written as
 * sum(r[i] * w[i]) + offset * sum(r[i]): with dim <= 256 each |r[i] * w[i]| <= 2^15 * 2^7, so the int32 lane sums
 * of vpmaddwd are exact, and the int64 total equals the portable one. Codewords are scanned 8 at a time; the
 * comparison (strict, lowest index on ties) is the portable one, in order.
 */
static NA_AVX2 void na_x86_rvq_avx2(const na_rvq_params *p, const int8_t *embedding, int32_t frames,
                                    const int8_t *codebooks, const int32_t *codebook_offsets, const int32_t *norms,
                                    const int32_t *multiplier, const int32_t *shift, int16_t *r, uint16_t *codes)
{
    const int32_t dim = p->dim;
    const int32_t size = p->codebook_size;
    const int32_t chunks = dim / 16;
    const int32_t one = (int32_t)1 << p->frac_bits;
    int32_t f, s, k, i, c;
    for (f = 0; f < frames; ++f) {
        const int8_t *e = embedding + f * dim;
        for (i = 0; i < dim; ++i)
            r[i] = na_x86_saturate_s16(na_mbqm_inline((int32_t)e[i] + p->input_offset, multiplier[0], shift[0]));
        for (s = 0; s < p->stages; ++s) {
            const int8_t *book = codebooks + s * size * dim;
            const int32_t *book_norms = norms + s * size;
            const int32_t offset = codebook_offsets[s];
            const int8_t *best_word;
            int64_t best = INT64_MAX, offset_term;
            int32_t best_k = 0, r_sum = 0;
            __m256i rv[16];
            if (s > 0)
                for (i = 0; i < dim; ++i) r[i] = na_x86_saturate_s16(na_mbqm_inline(r[i], multiplier[s], shift[s]));
            for (i = 0; i < dim; ++i) r_sum += r[i];
            offset_term = (int64_t)offset * r_sum;
            for (c = 0; c < chunks; ++c) rv[c] = _mm256_loadu_si256((const __m256i *)(const void *)(r + 16 * c));
            for (k = 0; k < size; k += 8) {
                int32_t dots[8];
                __m256i acc[8];
                int32_t n = size - k < 8 ? size - k : 8, j;
                for (j = 0; j < 8; ++j) {
                    const int8_t *word = book + (k + (j < n ? j : 0)) * dim;
                    __m256i a = _mm256_setzero_si256();
                    for (c = 0; c < chunks; ++c)
                        a = _mm256_add_epi32(
                            a, _mm256_madd_epi16(rv[c], _mm256_cvtepi8_epi16(_mm_loadu_si128(
                                                            (const __m128i *)(const void *)(word + 16 * c)))));
                    acc[j] = a;
                }
                _mm256_storeu_si256((__m256i *)(void *)dots, na_hsum8(acc));
                for (j = 0; j < n; ++j) {
                    const int64_t dot = (int64_t)dots[j] + offset_term;
                    const int64_t distance = (int64_t)book_norms[k + j] * one - 2 * dot;
                    if (distance < best) {
                        best = distance;
                        best_k = k + j;
                    }
                }
            }
            codes[f * p->stages + s] = (uint16_t)best_k;
            best_word = book + best_k * dim;
            for (i = 0; i < dim; ++i) r[i] = na_x86_saturate_s16((int32_t)r[i] - ((int32_t)best_word[i] + offset) * one);
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

#else

/* ISO C wants at least one declaration in a translation unit. */
typedef int na_simd_x86_unused;

#endif /* NA_X86_SIMD */
