namespace NeuralAudio.Runtime;

/// <summary>Parameters of a conv2d with implicit zero-point padding, field for field <c>na_conv2d_params</c>.</summary>
/// <param name="InChannels">C_in, divisible by <paramref name="Groups"/>.</param>
/// <param name="OutChannels">C_out, divisible by <paramref name="Groups"/>.</param>
/// <param name="InHeight">Input rows.</param>
/// <param name="InWidth">Input columns.</param>
/// <param name="OutHeight">Output rows (the generator computes them from the padding it chose).</param>
/// <param name="OutWidth">Output columns.</param>
/// <param name="KernelH">Kernel rows.</param>
/// <param name="KernelW">Kernel columns.</param>
/// <param name="StrideH">Row stride.</param>
/// <param name="StrideW">Column stride.</param>
/// <param name="DilationH">Row dilation.</param>
/// <param name="DilationW">Column dilation.</param>
/// <param name="PadTop">Implicit rows of zero point above the input.</param>
/// <param name="PadLeft">Implicit columns of zero point left of the input.</param>
/// <param name="Groups">1 = dense.</param>
/// <param name="InputOffset">Minus the input zero point.</param>
/// <param name="OutputOffset">The output zero point.</param>
/// <param name="ActMin">Lower clamp of the int8 output.</param>
/// <param name="ActMax">Upper clamp of the int8 output.</param>
public readonly record struct Conv2dParams(
    int InChannels, int OutChannels, int InHeight, int InWidth, int OutHeight, int OutWidth,
    int KernelH, int KernelW, int StrideH, int StrideW, int DilationH, int DilationW,
    int PadTop, int PadLeft, int Groups, int InputOffset, int OutputOffset, int ActMin, int ActMax)
{
    /// <summary>
    /// Output extent of one axis for a given total padding: (size + padBefore + padAfter - span) / stride + 1.
    /// </summary>
    public static int OutputExtent(int size, int kernel, int stride, int dilation, int padBefore, int padAfter)
    {
        int span = (kernel - 1) * dilation + 1;
        int padded = size + padBefore + padAfter;
        return padded < span ? 0 : (padded - span) / stride + 1;
    }

    internal void Validate()
    {
        Guard.Positive(InChannels, nameof(InChannels));
        Guard.Positive(OutChannels, nameof(OutChannels));
        Guard.Positive(KernelH, nameof(KernelH));
        Guard.Positive(KernelW, nameof(KernelW));
        Guard.Positive(StrideH, nameof(StrideH));
        Guard.Positive(StrideW, nameof(StrideW));
        Guard.Positive(DilationH, nameof(DilationH));
        Guard.Positive(DilationW, nameof(DilationW));
        Guard.Divides(Groups, InChannels, nameof(Groups), nameof(InChannels));
        Guard.Divides(Groups, OutChannels, nameof(Groups), nameof(OutChannels));
        if (PadTop < 0 || PadLeft < 0) throw new ArgumentException("padding must not be negative");
        Guard.ActivationRange(ActMin, ActMax);
    }
}

/// <summary>2-D convolution over channels-last maps, bit-exact with <c>na_conv2d.c</c>.</summary>
public static class Conv2dKernel
{
    /// <summary>
    /// input [InHeight][InWidth][InChannels] -> output [OutHeight][OutWidth][OutChannels]; taps outside the input
    /// are skipped, which equals padding with the input zero point.
    /// </summary>
    /// <param name="p">Shape, padding, offsets and clamp.</param>
    /// <param name="input">int8 [InHeight][InWidth][InChannels].</param>
    /// <param name="filter">int8 [OutChannels][KernelH][KernelW][InChannels / Groups].</param>
    /// <param name="bias">int32 [OutChannels], or empty for none.</param>
    /// <param name="multiplier">Per output channel Q31 multiplier.</param>
    /// <param name="shift">Per output channel shift (positive = left).</param>
    /// <param name="output">int8 [OutHeight][OutWidth][OutChannels].</param>
    public static void Run(in Conv2dParams p, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        p.Validate();
        int cin = p.InChannels, inPerGroup = cin / p.Groups, outPerGroup = p.OutChannels / p.Groups;
        Guard.AtLeast(input.Length, (long)p.InHeight * p.InWidth * cin, nameof(input));
        Guard.AtLeast(filter.Length, (long)p.OutChannels * p.KernelH * p.KernelW * inPerGroup, nameof(filter));
        Guard.Bias(bias.Length, p.OutChannels, nameof(bias));
        Guard.AtLeast(multiplier.Length, p.OutChannels, nameof(multiplier));
        Guard.AtLeast(shift.Length, p.OutChannels, nameof(shift));
        Guard.AtLeast(output.Length, (long)p.OutHeight * p.OutWidth * p.OutChannels, nameof(output));

        bool contiguousRows = p.DilationW == 1 && p.Groups == 1;
        for (int oy = 0; oy < p.OutHeight; oy++)
        {
            int y0 = oy * p.StrideH - p.PadTop;
            int iBegin = FirstTap(y0, p.DilationH), iEnd = EndTap(y0, p.DilationH, p.InHeight, p.KernelH);
            for (int ox = 0; ox < p.OutWidth; ox++)
            {
                int x0 = ox * p.StrideW - p.PadLeft;
                int jBegin = FirstTap(x0, p.DilationW), jEnd = EndTap(x0, p.DilationW, p.InWidth, p.KernelW);
                int outPixel = (oy * p.OutWidth + ox) * p.OutChannels;
                for (int oc = 0; oc < p.OutChannels; oc++)
                {
                    int firstIn = oc / outPerGroup * inPerGroup;
                    int wOc = oc * p.KernelH * p.KernelW * inPerGroup;
                    int acc = 0;
                    for (int i = iBegin; i < iEnd; i++)
                    {
                        int y = y0 + i * p.DilationH;
                        int wRow = wOc + i * p.KernelW * inPerGroup;
                        if (contiguousRows)
                        {
                            if (jEnd > jBegin)
                            {
                                int n = (jEnd - jBegin) * cin;
                                acc += QuantMath.Dot(input.Slice((y * p.InWidth + x0 + jBegin) * cin, n),
                                    filter.Slice(wRow + jBegin * cin, n), p.InputOffset);
                            }
                        }
                        else
                        {
                            for (int j = jBegin; j < jEnd; j++)
                            {
                                int x = x0 + j * p.DilationW;
                                acc += QuantMath.Dot(input.Slice((y * p.InWidth + x) * cin + firstIn, inPerGroup),
                                    filter.Slice(wRow + j * inPerGroup, inPerGroup), p.InputOffset);
                            }
                        }
                    }
                    if (!bias.IsEmpty) acc += bias[oc];
                    output[outPixel + oc] = QuantMath.Requantize(acc, multiplier[oc], shift[oc], p.OutputOffset, p.ActMin, p.ActMax);
                }
            }
        }
    }

    private static int FirstTap(int origin, int dilation) => origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;

    private static int EndTap(int origin, int dilation, int size, int kernel)
    {
        if (origin > size - 1) return 0;
        return Math.Min(kernel, (size - 1 - origin) / dilation + 1);
    }
}
