namespace NeuralAudio.Runtime;

/// <summary>int8 -> int8 activations, bit-exact with <c>na_activation.c</c>.</summary>
public static class ActivationKernel
{
    /// <summary>Clamp to [actMin, actMax]: ReLU with unchanged quantisation is actMin = the zero point.</summary>
    public static void Clamp(ReadOnlySpan<sbyte> input, Span<sbyte> output, int actMin, int actMax)
    {
        Guard.ActivationRange(actMin, actMax);
        Guard.AtLeast(output.Length, input.Length, nameof(output));
        for (int i = 0; i < input.Length; i++) output[i] = (sbyte)Math.Clamp((int)input[i], actMin, actMax);
    }

    /// <summary>output[i] = lut[input[i] + 128]; the table comes from <see cref="LookupTables"/>.</summary>
    public static void Lut(ReadOnlySpan<sbyte> input, Span<sbyte> output, ReadOnlySpan<sbyte> lut)
    {
        if (lut.Length != 256) throw new ArgumentException($"a lookup table has 256 entries, got {lut.Length}", nameof(lut));
        Guard.AtLeast(output.Length, input.Length, nameof(output));
        if (HostSimd.IsSupported)
        {
            HostSimd.Lut(input, output, lut);
            return;
        }
        for (int i = 0; i < input.Length; i++) output[i] = lut[input[i] + 128];
    }
}
