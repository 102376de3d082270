/*
 * Requantisation helpers with TFLite / gemmlowp semantics, written in well-defined C99 (no implementation-defined
 * right shift of negative values, no signed overflow).
 */
#include "na_internal.h"

int32_t na_shift_right_arithmetic(int32_t x, int32_t n)
{
    /* For x < 0, ~x = -x - 1 >= 0, and floor(x / 2^n) = ~(~x >> n). Compilers emit a single arithmetic shift. */
    return x >= 0 ? (int32_t)(x >> n) : (int32_t)~(~x >> n);
}

int32_t na_saturating_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    int64_t ab;
    int64_t nudge;
    if (a == b && a == INT32_MIN) return INT32_MAX;
    ab = (int64_t)a * (int64_t)b;
    nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    /* C99 division truncates toward zero, as gemmlowp's does; the quotient fits int32 once MIN*MIN is excluded. */
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

int32_t na_rounding_divide_by_pot(int32_t x, int32_t exponent)
{
    const uint32_t mask = (uint32_t)((((int64_t)1) << exponent) - 1);
    const uint32_t remainder = (uint32_t)x & mask; /* conversion to unsigned is modulo 2^32: well-defined */
    const uint32_t threshold = (mask >> 1) + (x < 0 ? 1u : 0u);
    return na_shift_right_arithmetic(x, exponent) + (remainder > threshold ? 1 : 0);
}

int32_t na_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left_shift = shift > 0 ? shift : 0;
    const int32_t right_shift = shift > 0 ? 0 : -shift;
    int32_t shifted = x;
    if (left_shift > 0) {
        /* TFLite computes x * (1 << left_shift) in int32; an overflow there is undefined, here it saturates. */
        int64_t wide = (int64_t)x * ((int64_t)1 << left_shift);
        if (wide > INT32_MAX) wide = INT32_MAX;
        if (wide < INT32_MIN) wide = INT32_MIN;
        shifted = (int32_t)wide;
    }
    return na_rounding_divide_by_pot(na_saturating_rounding_doubling_high_mul(shifted, multiplier), right_shift);
}
