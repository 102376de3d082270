namespace NeuralAudio.Runtime;

/// <summary>Parameters of a transposed conv1d (groups 1), field for field <c>na_conv_transpose1d_params</c>.</summary>
/// <param name="InChannels">C_in.</param>
/// <param name="OutChannels">C_out.</param>
/// <param name="Kernel">Taps k.</param>
/// <param name="Stride">Upsampling factor s.</param>
/// <param name="CropLeft">Samples dropped from the start of the full (L_in - 1) * s + k output.</param>
/// <param name="CropRight">Samples dropped from its end.</param>
/// <param name="InputOffset">Minus the input zero point.</param>
/// <param name="OutputOffset">The output zero point.</param>
/// <param name="ActMin">Lower clamp of the int8 output.</param>
/// <param name="ActMax">Upper clamp of the int8 output.</param>
public readonly record struct ConvTranspose1dParams(
    int InChannels, int OutChannels, int Kernel, int Stride, int CropLeft, int CropRight,
    int InputOffset, int OutputOffset, int ActMin, int ActMax)
{
    /// <summary>(L_in - 1) * s + k - cropLeft - cropRight, at least 0.</summary>
    public int OutputLength(int inputLength) =>
        inputLength <= 0 ? 0 : Math.Max(0, (inputLength - 1) * Stride + Kernel - CropLeft - CropRight);

    internal void Validate()
    {
        Guard.Positive(InChannels, nameof(InChannels));
        Guard.Positive(OutChannels, nameof(OutChannels));
        Guard.Positive(Kernel, nameof(Kernel));
        Guard.Positive(Stride, nameof(Stride));
        if (CropLeft < 0 || CropRight < 0) throw new ArgumentException("crops must not be negative");
        Guard.ActivationRange(ActMin, ActMax);
    }
}

/// <summary>Transposed 1-D convolution written as a gather, bit-exact with <c>na_conv_transpose1d.c</c>.</summary>
public static class ConvTranspose1dKernel
{
    /// <summary>input [inputLength][InChannels] -> output [OutputLength][OutChannels].</summary>
    /// <param name="p">Shape, crops, offsets and clamp.</param>
    /// <param name="input">int8 [inputLength][InChannels].</param>
    /// <param name="inputLength">Input samples.</param>
    /// <param name="filter">int8 [OutChannels][Kernel][InChannels] (PyTorch's [in][out][k] permuted).</param>
    /// <param name="bias">int32 [OutChannels], or empty for none.</param>
    /// <param name="multiplier">Per output channel Q31 multiplier.</param>
    /// <param name="shift">Per output channel shift (positive = left).</param>
    /// <param name="output">int8 [OutputLength][OutChannels].</param>
    public static void Run(in ConvTranspose1dParams p, ReadOnlySpan<sbyte> input, int inputLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        p.Validate();
        int outLength = p.OutputLength(inputLength), cin = p.InChannels;
        Guard.AtLeast(input.Length, (long)inputLength * cin, nameof(input));
        Guard.AtLeast(filter.Length, (long)p.OutChannels * p.Kernel * cin, nameof(filter));
        Guard.Bias(bias.Length, p.OutChannels, nameof(bias));
        Guard.AtLeast(multiplier.Length, p.OutChannels, nameof(multiplier));
        Guard.AtLeast(shift.Length, p.OutChannels, nameof(shift));
        Guard.AtLeast(output.Length, (long)outLength * p.OutChannels, nameof(output));

        int lastI = inputLength - 1;
        for (int t = 0; t < outLength; t++)
        {
            int u = t + p.CropLeft;
            int kBegin = u % p.Stride;
            if (u - kBegin > lastI * p.Stride) kBegin = u - lastI * p.Stride;
            for (int oc = 0; oc < p.OutChannels; oc++)
            {
                int wOc = oc * p.Kernel * cin;
                int acc = 0;
                for (int k = kBegin; k < p.Kernel && k <= u; k += p.Stride)
                    acc += QuantMath.Dot(input.Slice((u - k) / p.Stride * cin, cin), filter.Slice(wOc + k * cin, cin), p.InputOffset);
                if (!bias.IsEmpty) acc += bias[oc];
                output[t * p.OutChannels + oc] = QuantMath.Requantize(acc, multiplier[oc], shift[oc], p.OutputOffset, p.ActMin, p.ActMax);
            }
        }
    }
}
