namespace NeuralAudio.Runtime;

/// <summary>Parameters of the int8 softmax, field for field <c>na_softmax_params</c>.</summary>
/// <param name="Classes">Row length.</param>
public readonly record struct SoftmaxParams(int Classes);

/// <summary>
/// Integer softmax with an exp table, bit-exact with <c>na_softmax.c</c>. Output quantisation is TFLite's:
/// scale 1/256, zero point -128.
/// </summary>
public static class SoftmaxKernel
{
    /// <summary>Output scale of every softmax.</summary>
    public const float OutputScale = 1f / 256;

    /// <summary>Output zero point of every softmax.</summary>
    public const int OutputZeroPoint = -128;

    /// <summary>
    /// input [rows][Classes] -> probabilities [rows][Classes]: q = (256 e + S / 2) / S - 128 with
    /// e = expLut[max - x] and S the int64 sum of the row's e.
    /// </summary>
    /// <param name="p">The row length.</param>
    /// <param name="input">int8 logits.</param>
    /// <param name="rows">Independent rows.</param>
    /// <param name="expLut">256 Q30 entries from <see cref="LookupTables.SoftmaxExp"/>; entry 0 must be positive.</param>
    /// <param name="output">int8 probabilities; may alias the input.</param>
    public static void Run(in SoftmaxParams p, ReadOnlySpan<sbyte> input, int rows, ReadOnlySpan<int> expLut, Span<sbyte> output)
    {
        Guard.Positive(p.Classes, nameof(p.Classes));
        if (expLut.Length != 256 || expLut[0] <= 0)
            throw new ArgumentException("the exp table has 256 entries and a positive entry 0", nameof(expLut));
        Guard.AtLeast(input.Length, (long)rows * p.Classes, nameof(input));
        Guard.AtLeast(output.Length, (long)rows * p.Classes, nameof(output));
        for (int r = 0; r < rows; r++)
        {
            int row = r * p.Classes;
            int max = sbyte.MinValue;
            for (int i = 0; i < p.Classes; i++) max = Math.Max(max, input[row + i]);
            long sum = 0;
            for (int i = 0; i < p.Classes; i++) sum += expLut[max - input[row + i]];
            for (int i = 0; i < p.Classes; i++)
            {
                long q = ((long)expLut[max - input[row + i]] * 256 + sum / 2) / sum;
                output[row + i] = (sbyte)(q > 255 ? 127 : q - 128);
            }
        }
    }
}
