namespace NeuralAudio.Runtime;

/// <summary>
/// Parameters of TFLite's int8 add, field for field <c>na_add_params</c>. Built at export time by
/// <see cref="QuantizationParameters.PrepareAdd"/>.
/// </summary>
/// <param name="Input1Offset">Minus the first input's zero point.</param>
/// <param name="Input2Offset">Minus the second input's zero point.</param>
/// <param name="LeftShift">Headroom shift applied to both inputs (20).</param>
/// <param name="Input1Multiplier">Q31 multiplier of input 1 (real s1 / (2 max(s1, s2))).</param>
/// <param name="Input1Shift">Its shift (&lt;= 0).</param>
/// <param name="Input2Multiplier">Q31 multiplier of input 2.</param>
/// <param name="Input2Shift">Its shift (&lt;= 0).</param>
/// <param name="OutputMultiplier">Q31 multiplier of the sum (real 2 max(s1, s2) / (2^20 s_out)).</param>
/// <param name="OutputShift">Its shift.</param>
/// <param name="OutputOffset">The output zero point.</param>
/// <param name="ActMin">Lower clamp.</param>
/// <param name="ActMax">Upper clamp.</param>
public readonly record struct AddParams(
    int Input1Offset, int Input2Offset, int LeftShift,
    int Input1Multiplier, int Input1Shift, int Input2Multiplier, int Input2Shift,
    int OutputMultiplier, int OutputShift, int OutputOffset, int ActMin, int ActMax);

/// <summary>Elementwise int8 add with requantisation (TFLite's AddFunc), bit-exact with <c>na_add.c</c>.</summary>
public static class AddKernel
{
    /// <summary>output[i] = requantised input1[i] + input2[i]; same shapes, output may alias an input.</summary>
    public static void Run(in AddParams p, ReadOnlySpan<sbyte> input1, ReadOnlySpan<sbyte> input2, Span<sbyte> output)
    {
        Guard.ActivationRange(p.ActMin, p.ActMax);
        if (p.LeftShift < 0 || p.LeftShift > 22)
            throw new ArgumentOutOfRangeException(nameof(p), p.LeftShift, "left shift must lie in [0, 22]");
        if (input1.Length != input2.Length) throw new ArgumentException("the inputs of an add must have the same length");
        Guard.AtLeast(output.Length, input1.Length, nameof(output));
        if (HostSimd.IsSupported && HostSimd.TryAdd(p, input1, input2, output)) return;
        for (int i = 0; i < input1.Length; i++) output[i] = Element(p, input1[i], input2[i]);
    }

    /// <summary>One element (<c>na_add_element</c>): both inputs lifted, rescaled, summed, requantised.</summary>
    internal static sbyte Element(in AddParams p, sbyte x1, sbyte x2)
    {
        int lift = 1 << p.LeftShift;
        int sum = QuantMath.MultiplyByQuantizedMultiplier((x1 + p.Input1Offset) * lift, p.Input1Multiplier, p.Input1Shift)
            + QuantMath.MultiplyByQuantizedMultiplier((x2 + p.Input2Offset) * lift, p.Input2Multiplier, p.Input2Shift);
        return QuantMath.Requantize(sum, p.OutputMultiplier, p.OutputShift, p.OutputOffset, p.ActMin, p.ActMax);
    }
}
