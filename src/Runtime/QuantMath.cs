using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralAudio.Runtime;

/// <summary>
/// TFLite / gemmlowp requantisation arithmetic, bit-exact with <c>na_quant.c</c>. C#'s <c>&gt;&gt;</c> on
/// <see cref="int"/> is an arithmetic shift and <see cref="long"/> division truncates toward zero, exactly the
/// operations the C code spells out in well-defined C99.
/// </summary>
public static class QuantMath
{
    /// <summary>
    /// gemmlowp's SaturatingRoundingDoublingHighMul: <c>round(a * b / 2^31)</c> with exact halves rounded toward
    /// +infinity (the nudge is 2^30 or 1 - 2^30, then a truncating division);
    /// <c>int.MinValue * int.MinValue</c> saturates to <see cref="int.MaxValue"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SaturatingRoundingDoublingHighMul(int a, int b)
    {
        if (a == b && a == int.MinValue) return int.MaxValue;
        long ab = (long)a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int)((ab + nudge) / (1L << 31));
    }

    /// <summary>
    /// gemmlowp's RoundingDivideByPOT: <c>x / 2^exponent</c> rounded to nearest, ties away from zero.
    /// </summary>
    /// <param name="x">The dividend.</param>
    /// <param name="exponent">In [0, 31].</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RoundingDivideByPot(int x, int exponent)
    {
        int mask = (int)((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /// <summary>
    /// TFLite's MultiplyByQuantizedMultiplier: <c>x * multiplier * 2^(shift - 31)</c> with the left shift applied
    /// before the high multiplication and the rounding right shift after it. Where TFLite's int32
    /// <c>x * 2^shift</c> would overflow (undefined there) the product saturates, as in the C kernels.
    /// </summary>
    /// <param name="x">The int32 accumulator.</param>
    /// <param name="multiplier">Q31 multiplier, normally in [2^30, 2^31).</param>
    /// <param name="shift">In [-31, 31]; positive shifts left.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplier(int x, int multiplier, int shift)
    {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        int shifted = x;
        if (leftShift > 0)
        {
            long wide = (long)x * (1L << leftShift);
            shifted = (int)Math.Clamp(wide, int.MinValue, int.MaxValue);
        }
        return RoundingDivideByPot(SaturatingRoundingDoublingHighMul(shifted, multiplier), rightShift);
    }

    /// <summary>
    /// Requantise an accumulator to int8: multiply, add the output offset, clamp. The clamp runs before the offset
    /// is added (to [actMin - offset, actMax - offset]), which equals TFLite's clamp(v + offset) wherever that does
    /// not overflow and never overflows, exactly like <c>na_offset_and_clamp</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static sbyte Requantize(int acc, int multiplier, int shift, int outputOffset, int actMin, int actMax)
    {
        int v = MultiplyByQuantizedMultiplier(acc, multiplier, shift);
        return (sbyte)(Math.Clamp(v, actMin - outputOffset, actMax - outputOffset) + outputOffset);
    }

    /// <summary>Sum over i of <c>(x[i] + offset) * w[i]</c> in int32, like <c>na_dot_s8</c>.</summary>
    /// <remarks>
    /// Rows of 16 or more go through <see cref="Vector256"/>: x + offset and w fit int16 (offset is minus a zero point,
    /// in [-127, 128]), their products fit int16 too (at most 255 * 127), and the int32 sums are exact, so the result
    /// equals the scalar loop's whatever the order.
    /// </remarks>
    internal static int Dot(ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> w, int offset)
    {
        int n = w.Length, i = 0, acc = 0;
        if (Vector256.IsHardwareAccelerated && n >= 16)
        {
            ref sbyte xr = ref MemoryMarshal.GetReference(x);
            ref sbyte wr = ref MemoryMarshal.GetReference(w);
            var off = Vector256.Create((short)offset);
            var sum = Vector256<int>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                var xb = Vector128.LoadUnsafe(ref xr, (nuint)i);
                var wb = Vector128.LoadUnsafe(ref wr, (nuint)i);
                var xs = Vector256.Create(Vector128.WidenLower(xb), Vector128.WidenUpper(xb)) + off;
                var ws = Vector256.Create(Vector128.WidenLower(wb), Vector128.WidenUpper(wb));
                var (lo, hi) = Vector256.Widen(xs * ws);
                sum += lo + hi;
            }
            acc = Vector256.Sum(sum);
        }
        for (; i < n; i++) acc += (x[i] + offset) * w[i];
        return acc;
    }
}
