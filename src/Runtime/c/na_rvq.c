/*
 * Residual vector quantiser encode: nearest codeword per stage in integer arithmetic. The integer domains are
 * documented in na_kernels.h (residual int16 with frac_bits fractional bits in the current stage's codebook units).
 */
#include "na_internal.h"

static int16_t na_saturate_s16(int32_t v)
{
    if (v > INT16_MAX) return INT16_MAX;
    if (v < INT16_MIN) return INT16_MIN;
    return (int16_t)v;
}

/* sum over dim of r[i] * (word[i] + offset), exactly. Each term is at most 2^15 * 255 = 8,355,840 in magnitude, so
 * 256 of them fit an int32 (2,139,095,040 < 2^31 - 1): int32 partial sums of 256 terms, added up in int64, give the
 * exact int64 sum, and the int16 x int16 products of the inner loop vectorise (pmaddwd and the like). */
static int64_t na_rvq_dot(const int16_t *r, const int8_t *word, int32_t dim, int16_t offset)
{
    int64_t dot = 0;
    int32_t start, i;
    for (start = 0; start < dim; start += 256) {
        const int32_t end = dim - start < 256 ? dim : start + 256;
        int32_t partial = 0;
        for (i = start; i < end; ++i) partial += (int32_t)r[i] * (int32_t)(int16_t)(word[i] + offset);
        dot += partial;
    }
    return dot;
}

void na_rvq_encode_s8(const na_rvq_params *p, const int8_t *embedding, int32_t frames, const int8_t *codebooks,
                      const int32_t *codebook_offsets, const int32_t *norms, const int32_t *multiplier,
                      const int32_t *shift, int16_t *residual_scratch, uint16_t *codes)
{
    const int32_t dim = p->dim;
    const int32_t size = p->codebook_size;
    const int32_t one = (int32_t)1 << p->frac_bits;
    int16_t *r = residual_scratch;
    int32_t f, s, k, i;
#if NA_X86_SIMD
    if (na_x86_rvq_encode_s8(p, embedding, frames, codebooks, codebook_offsets, norms, multiplier, shift,
                             residual_scratch, codes))
        return;
#endif
    for (f = 0; f < frames; ++f) {
        const int8_t *e = embedding + f * dim;
        for (i = 0; i < dim; ++i) {
            r[i] = na_saturate_s16(na_mbqm_inline((int32_t)e[i] + p->input_offset,
                                                                       multiplier[0], shift[0]));
        }
        for (s = 0; s < p->stages; ++s) {
            const int8_t *book = codebooks + s * size * dim;
            const int32_t *book_norms = norms + s * size;
            const int32_t offset = codebook_offsets[s];
            const int8_t *best_word;
            int64_t best = INT64_MAX;
            int32_t best_k = 0;
            if (s > 0) {
                for (i = 0; i < dim; ++i) {
                    r[i] = na_saturate_s16(na_mbqm_inline(r[i], multiplier[s], shift[s]));
                }
            }
            for (k = 0; k < size; ++k) {
                const int8_t *word = book + k * dim;
                int64_t distance;
                const int64_t dot = na_rvq_dot(r, word, dim, (int16_t)offset);
                distance = (int64_t)book_norms[k] * one - 2 * dot;
                if (distance < best) { /* strict: ties keep the lowest index */
                    best = distance;
                    best_k = k;
                }
            }
            codes[f * p->stages + s] = (uint16_t)best_k;
            best_word = book + best_k * dim;
            for (i = 0; i < dim; ++i) r[i] = na_saturate_s16((int32_t)r[i] - ((int32_t)best_word[i] + offset) * one);
        }
    }
}
