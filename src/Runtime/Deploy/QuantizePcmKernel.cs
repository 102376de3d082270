namespace NeuralAudio.Runtime;

/// <summary>Parameters of the PCM input quantisation, field for field <c>na_quantize_pcm_params</c>.</summary>
/// <param name="Multiplier">Q31 multiplier of 1 / (32768 * input scale).</param>
/// <param name="Shift">Its shift (positive = left).</param>
/// <param name="OutputOffset">The input activation's zero point.</param>
/// <param name="ActMin">Lower clamp.</param>
/// <param name="ActMax">Upper clamp.</param>
public readonly record struct QuantizePcmParams(int Multiplier, int Shift, int OutputOffset, int ActMin, int ActMax)
{
    /// <summary>The parameters that map PCM (real = pcm / 32768) onto <paramref name="input"/>'s quantisation.</summary>
    public static QuantizePcmParams For(ActivationQuantization input)
    {
        QuantizationParameters.QuantizeMultiplier(1.0 / (32768.0 * input.Scale), out int multiplier, out int shift);
        return new QuantizePcmParams(multiplier, shift, input.ZeroPoint, sbyte.MinValue, sbyte.MaxValue);
    }
}

/// <summary>
/// int16 PCM to the int8 input activation, bit-exact with <c>na_quantize_pcm_s16</c> (src/Runtime/c_extra).
/// Lives beside the deploy runner until it moves into the kernel set.
/// </summary>
public static class QuantizePcmKernel
{
    /// <summary>output[i] = clamp(MBQM(pcm[i], Multiplier, Shift) + OutputOffset).</summary>
    public static void Run(in QuantizePcmParams p, ReadOnlySpan<short> pcm, Span<sbyte> output)
    {
        if (p.ActMin < sbyte.MinValue || p.ActMax > sbyte.MaxValue || p.ActMin > p.ActMax)
            throw new ArgumentException($"activation range [{p.ActMin}, {p.ActMax}] must lie within [-128, 127]", nameof(p));
        if (output.Length < pcm.Length)
            throw new ArgumentException($"output holds {output.Length} values for {pcm.Length} samples", nameof(output));
        if (HostSimd.IsSupported && HostSimd.TryQuantizePcm(pcm, p.Multiplier, p.Shift, p.OutputOffset, p.ActMin, p.ActMax, output)) return;
        for (int i = 0; i < pcm.Length; i++)
        {
            int v = QuantMath.MultiplyByQuantizedMultiplier(pcm[i], p.Multiplier, p.Shift) + p.OutputOffset;
            output[i] = (sbyte)Math.Clamp(v, p.ActMin, p.ActMax);
        }
    }
}
