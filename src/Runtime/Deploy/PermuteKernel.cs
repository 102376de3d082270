namespace NeuralAudio.Runtime;

/// <summary>
/// An axis reorder in memory terms, field for field <c>na_permute_params</c>: the output walked as four nested
/// axes (outermost first; unused leading axes have extent 1), each moving the input by its stride.
/// </summary>
/// <param name="Dim0">Extent of the outermost output axis.</param>
/// <param name="Dim1">Extent of the second output axis.</param>
/// <param name="Dim2">Extent of the third output axis.</param>
/// <param name="Dim3">Extent of the innermost output axis.</param>
/// <param name="Stride0">Input element stride of axis 0.</param>
/// <param name="Stride1">Input element stride of axis 1.</param>
/// <param name="Stride2">Input element stride of axis 2.</param>
/// <param name="Stride3">Input element stride of axis 3.</param>
public readonly record struct PermuteParams(int Dim0, int Dim1, int Dim2, int Dim3, int Stride0, int Stride1, int Stride2, int Stride3)
{
    /// <summary>Elements of the tensor.</summary>
    public int Size => Dim0 * Dim1 * Dim2 * Dim3;
}

/// <summary>Channels-last axis reorder, bit-exact with <c>na_permute_s8</c> (src/Runtime/c_extra).</summary>
public static class PermuteKernel
{
    /// <summary>Copies <paramref name="input"/> into <paramref name="output"/> in output memory order; they must not overlap.</summary>
    public static void Run(in PermuteParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        if (p.Dim0 < 1 || p.Dim1 < 1 || p.Dim2 < 1 || p.Dim3 < 1) throw new ArgumentException("every extent must be positive", nameof(p));
        if (output.Length < p.Size) throw new ArgumentException($"output holds {output.Length} elements, the permute writes {p.Size}", nameof(output));
        long last = (long)(p.Dim0 - 1) * p.Stride0 + (long)(p.Dim1 - 1) * p.Stride1 + (long)(p.Dim2 - 1) * p.Stride2 + (long)(p.Dim3 - 1) * p.Stride3;
        if (last >= input.Length) throw new ArgumentException($"input holds {input.Length} elements, the permute reads up to {last}", nameof(input));
        int o = 0;
        for (int a = 0; a < p.Dim0; a++)
            for (int b = 0; b < p.Dim1; b++)
                for (int c = 0; c < p.Dim2; c++)
                {
                    int i = a * p.Stride0 + b * p.Stride1 + c * p.Stride2;
                    for (int d = 0; d < p.Dim3; d++, i += p.Stride3) output[o++] = input[i];
                }
    }
}
