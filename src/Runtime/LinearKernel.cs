namespace NeuralAudio.Runtime;

/// <summary>Parameters of a fully connected layer, field for field <c>na_linear_params</c>.</summary>
/// <param name="InFeatures">Input vector length.</param>
/// <param name="OutFeatures">Output vector length.</param>
/// <param name="InputOffset">Minus the input zero point.</param>
/// <param name="OutputOffset">The output zero point.</param>
/// <param name="ActMin">Lower clamp.</param>
/// <param name="ActMax">Upper clamp.</param>
public readonly record struct LinearParams(int InFeatures, int OutFeatures, int InputOffset, int OutputOffset, int ActMin, int ActMax);

/// <summary>Fully connected layer with per-channel requantisation, bit-exact with <c>na_linear.c</c>.</summary>
public static class LinearKernel
{
    /// <summary>input [rows][InFeatures], filter [OutFeatures][InFeatures] -> output [rows][OutFeatures].</summary>
    public static void Run(in LinearParams p, ReadOnlySpan<sbyte> input, int rows, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        Guard.Positive(p.InFeatures, nameof(p.InFeatures));
        Guard.Positive(p.OutFeatures, nameof(p.OutFeatures));
        Guard.ActivationRange(p.ActMin, p.ActMax);
        Guard.AtLeast(input.Length, (long)rows * p.InFeatures, nameof(input));
        Guard.AtLeast(filter.Length, (long)p.OutFeatures * p.InFeatures, nameof(filter));
        Guard.Bias(bias.Length, p.OutFeatures, nameof(bias));
        Guard.AtLeast(multiplier.Length, p.OutFeatures, nameof(multiplier));
        Guard.AtLeast(shift.Length, p.OutFeatures, nameof(shift));
        Guard.AtLeast(output.Length, (long)rows * p.OutFeatures, nameof(output));
        if (HostSimd.IsSupported && HostSimd.TryRows(rows, p.InFeatures, p.InFeatures, p.OutFeatures, p.InputOffset, p.OutputOffset,
                p.ActMin, p.ActMax, input, filter, bias, multiplier, shift, output))
            return;
        for (int r = 0; r < rows; r++)
        {
            var x = input.Slice(r * p.InFeatures, p.InFeatures);
            for (int o = 0; o < p.OutFeatures; o++)
            {
                int acc = QuantMath.Dot(x, filter.Slice(o * p.InFeatures, p.InFeatures), p.InputOffset);
                if (!bias.IsEmpty) acc += bias[o];
                output[r * p.OutFeatures + o] = QuantMath.Requantize(acc, multiplier[o], shift[o], p.OutputOffset, p.ActMin, p.ActMax);
            }
        }
    }
}
