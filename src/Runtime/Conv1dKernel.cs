namespace NeuralAudio.Runtime;

/// <summary>Parameters of a valid conv1d, field for field <c>na_conv1d_params</c>.</summary>
/// <param name="InChannels">C_in, divisible by <paramref name="Groups"/>.</param>
/// <param name="OutChannels">C_out, divisible by <paramref name="Groups"/>.</param>
/// <param name="Kernel">Taps k.</param>
/// <param name="Stride">s &gt;= 1.</param>
/// <param name="Dilation">d &gt;= 1.</param>
/// <param name="Groups">1 = dense; InChannels = depthwise (OutChannels a multiple of it).</param>
/// <param name="InputOffset">Minus the input zero point.</param>
/// <param name="OutputOffset">The output zero point.</param>
/// <param name="ActMin">Lower clamp of the int8 output.</param>
/// <param name="ActMax">Upper clamp of the int8 output.</param>
public readonly record struct Conv1dParams(
    int InChannels, int OutChannels, int Kernel, int Stride, int Dilation, int Groups,
    int InputOffset, int OutputOffset, int ActMin, int ActMax)
{
    /// <summary>Input samples one output sees: (k - 1) * d + 1.</summary>
    public int Span => (Kernel - 1) * Dilation + 1;

    /// <summary>
    /// Samples a streaming caller keeps between chunks: span - stride (at least 0). The next window is
    /// this state followed by the new chunk, whose length must be a multiple of the stride.
    /// </summary>
    public int StateLength => Math.Max(0, Span - Stride);

    /// <summary>(L_in - span) / stride + 1, or 0 when the input is shorter than the span.</summary>
    public int OutputLength(int inputLength) => inputLength < Span ? 0 : (inputLength - Span) / Stride + 1;

    internal void Validate()
    {
        Guard.Positive(InChannels, nameof(InChannels));
        Guard.Positive(OutChannels, nameof(OutChannels));
        Guard.Positive(Kernel, nameof(Kernel));
        Guard.Positive(Stride, nameof(Stride));
        Guard.Positive(Dilation, nameof(Dilation));
        Guard.Divides(Groups, InChannels, nameof(Groups), nameof(InChannels));
        Guard.Divides(Groups, OutChannels, nameof(Groups), nameof(OutChannels));
        Guard.ActivationRange(ActMin, ActMax);
    }
}

/// <summary>Valid 1-D convolution over channels-last windows, bit-exact with <c>na_conv1d.c</c>.</summary>
public static class Conv1dKernel
{
    /// <summary>
    /// input [inputLength][InChannels] -> output [OutputLength][OutChannels]. The window already contains any left
    /// padding or streaming state. Dispatches like <c>na_conv1d_s8</c> to the pointwise or depthwise loop.
    /// </summary>
    /// <param name="p">Shape, offsets and clamp.</param>
    /// <param name="input">int8 [inputLength][InChannels].</param>
    /// <param name="inputLength">Samples in the window.</param>
    /// <param name="filter">int8 [OutChannels][Kernel][InChannels / Groups].</param>
    /// <param name="bias">int32 [OutChannels], or empty for none.</param>
    /// <param name="multiplier">Per output channel Q31 multiplier.</param>
    /// <param name="shift">Per output channel shift (positive = left).</param>
    /// <param name="output">int8 [OutputLength][OutChannels].</param>
    public static void Run(in Conv1dParams p, ReadOnlySpan<sbyte> input, int inputLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        if (HostSimd.IsSupported && TryHostSimd(p, input, inputLength, filter, bias, multiplier, shift, output)) return;
        if (p.Kernel == 1 && p.Groups == 1) RunPointwise(p, input, inputLength, filter, bias, multiplier, shift, output);
        else if (p.Groups == p.InChannels && p.Groups > 1) RunDepthwise(p, input, inputLength, filter, bias, multiplier, shift, output);
        else RunGeneric(p, input, inputLength, filter, bias, multiplier, shift, output);
    }

    /// <summary>The reference loop (<c>na_conv1d_s8_generic</c>) for any stride, dilation and groups.</summary>
    public static void RunGeneric(in Conv1dParams p, ReadOnlySpan<sbyte> input, int inputLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        int outLength = Check(p, input, inputLength, filter, bias, multiplier, shift, output);
        int inPerGroup = p.InChannels / p.Groups, outPerGroup = p.OutChannels / p.Groups;
        int tapStep = p.Dilation * p.InChannels;
        for (int t = 0; t < outLength; t++)
        {
            int window = t * p.Stride * p.InChannels;
            for (int oc = 0; oc < p.OutChannels; oc++)
            {
                int firstIn = oc / outPerGroup * inPerGroup;
                int w = oc * p.Kernel * inPerGroup;
                int acc = 0;
                for (int k = 0; k < p.Kernel; k++)
                {
                    acc += QuantMath.Dot(input.Slice(window + k * tapStep + firstIn, inPerGroup),
                        filter.Slice(w + k * inPerGroup, inPerGroup), p.InputOffset);
                }
                if (!bias.IsEmpty) acc += bias[oc];
                output[t * p.OutChannels + oc] = QuantMath.Requantize(acc, multiplier[oc], shift[oc], p.OutputOffset, p.ActMin, p.ActMax);
            }
        }
    }

    /// <summary>Kernel 1, groups 1 (<c>na_conv1d_pointwise_s8</c>): one contiguous dot product per output.</summary>
    public static void RunPointwise(in Conv1dParams p, ReadOnlySpan<sbyte> input, int inputLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        if (p.Kernel != 1 || p.Groups != 1)
            throw new ArgumentException("the pointwise loop needs kernel 1 and groups 1", nameof(p));
        int outLength = Check(p, input, inputLength, filter, bias, multiplier, shift, output);
        int cin = p.InChannels;
        for (int t = 0; t < outLength; t++)
        {
            var x = input.Slice(t * p.Stride * cin, cin);
            int oc = 0;
            if (cin < 32)
            {
                // Narrow rows (as na_conv1d_pointwise_s8): four output channels per pass share each input value.
                for (; oc + 4 <= p.OutChannels; oc += 4)
                {
                    var w0 = filter.Slice(oc * cin, cin);
                    var w1 = filter.Slice((oc + 1) * cin, cin);
                    var w2 = filter.Slice((oc + 2) * cin, cin);
                    var w3 = filter.Slice((oc + 3) * cin, cin);
                    int a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                    for (int i = 0; i < cin; i++)
                    {
                        int v = x[i] + p.InputOffset;
                        a0 += v * w0[i];
                        a1 += v * w1[i];
                        a2 += v * w2[i];
                        a3 += v * w3[i];
                    }
                    if (!bias.IsEmpty) { a0 += bias[oc]; a1 += bias[oc + 1]; a2 += bias[oc + 2]; a3 += bias[oc + 3]; }
                    int o = t * p.OutChannels + oc;
                    output[o] = QuantMath.Requantize(a0, multiplier[oc], shift[oc], p.OutputOffset, p.ActMin, p.ActMax);
                    output[o + 1] = QuantMath.Requantize(a1, multiplier[oc + 1], shift[oc + 1], p.OutputOffset, p.ActMin, p.ActMax);
                    output[o + 2] = QuantMath.Requantize(a2, multiplier[oc + 2], shift[oc + 2], p.OutputOffset, p.ActMin, p.ActMax);
                    output[o + 3] = QuantMath.Requantize(a3, multiplier[oc + 3], shift[oc + 3], p.OutputOffset, p.ActMin, p.ActMax);
                }
            }
            for (; oc < p.OutChannels; oc++)
            {
                int acc = QuantMath.Dot(x, filter.Slice(oc * cin, cin), p.InputOffset);
                if (!bias.IsEmpty) acc += bias[oc];
                output[t * p.OutChannels + oc] = QuantMath.Requantize(acc, multiplier[oc], shift[oc], p.OutputOffset, p.ActMin, p.ActMax);
            }
        }
    }

    /// <summary>
    /// Groups = InChannels (<c>na_conv1d_depthwise_s8</c>): output channel o = c * m + j reads input channel c,
    /// m = OutChannels / InChannels.
    /// </summary>
    public static void RunDepthwise(in Conv1dParams p, ReadOnlySpan<sbyte> input, int inputLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        if (p.Groups != p.InChannels) throw new ArgumentException("the depthwise loop needs groups = in_channels", nameof(p));
        int outLength = Check(p, input, inputLength, filter, bias, multiplier, shift, output);
        int cin = p.InChannels, depthMultiplier = p.OutChannels / cin, tapStep = p.Dilation * cin;
        if (depthMultiplier == 1)
        {
            // As na_conv1d_depthwise_s8: taps outer, channels inner (contiguous), sums exact in int32.
            Span<int> acc = cin <= 512 ? stackalloc int[cin] : new int[cin];
            for (int t = 0; t < outLength; t++)
            {
                int window = t * p.Stride * cin;
                acc.Clear();
                for (int k = 0; k < p.Kernel; k++)
                {
                    var x = input.Slice(window + k * tapStep, cin);
                    for (int c = 0; c < cin; c++) acc[c] += (x[c] + p.InputOffset) * filter[c * p.Kernel + k];
                }
                for (int c = 0; c < cin; c++)
                {
                    int sum = bias.IsEmpty ? acc[c] : acc[c] + bias[c];
                    output[t * p.OutChannels + c] = QuantMath.Requantize(sum, multiplier[c], shift[c], p.OutputOffset, p.ActMin, p.ActMax);
                }
            }
            return;
        }
        for (int t = 0; t < outLength; t++)
        {
            int window = t * p.Stride * cin;
            for (int c = 0; c < cin; c++)
            {
                for (int m = 0; m < depthMultiplier; m++)
                {
                    int oc = c * depthMultiplier + m;
                    int w = oc * p.Kernel;
                    int acc = 0;
                    for (int k = 0; k < p.Kernel; k++) acc += (input[window + c + k * tapStep] + p.InputOffset) * filter[w + k];
                    if (!bias.IsEmpty) acc += bias[oc];
                    output[t * p.OutChannels + oc] = QuantMath.Requantize(acc, multiplier[oc], shift[oc], p.OutputOffset, p.ActMin, p.ActMax);
                }
            }
        }
    }

    /// <summary>The AVX2 kernels (<see cref="HostSimd"/>, as <c>na_x86_conv1d_s8</c>); false: the scalar loops run.</summary>
    private static bool TryHostSimd(in Conv1dParams p, ReadOnlySpan<sbyte> input, int inputLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        int outLength = Check(p, input, inputLength, filter, bias, multiplier, shift, output);
        if (outLength <= 0) return false;
        if (p.Groups == 1 && (p.Kernel == 1 || p.Dilation == 1))
            return HostSimd.TryRows(outLength, p.Stride * p.InChannels, p.Kernel * p.InChannels, p.OutChannels, p.InputOffset, p.OutputOffset,
                p.ActMin, p.ActMax, input, filter, bias, multiplier, shift, output);
        if (p.Groups == p.InChannels && p.Groups > 1)
            return HostSimd.TryDepthwise(p, input, outLength, filter, bias, multiplier, shift, output);
        return false;
    }

    /// <summary>Validates shapes and buffer sizes (int8 or, for <see cref="Conv1dPcmKernel"/>, int16 input); the output length.</summary>
    internal static int Check<T>(in Conv1dParams p, ReadOnlySpan<T> input, int inputLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        p.Validate();
        int outLength = p.OutputLength(inputLength);
        Guard.AtLeast(input.Length, (long)inputLength * p.InChannels, nameof(input));
        Guard.AtLeast(filter.Length, (long)p.OutChannels * p.Kernel * (p.InChannels / p.Groups), nameof(filter));
        Guard.Bias(bias.Length, p.OutChannels, nameof(bias));
        Guard.AtLeast(multiplier.Length, p.OutChannels, nameof(multiplier));
        Guard.AtLeast(shift.Length, p.OutChannels, nameof(shift));
        Guard.AtLeast(output.Length, (long)outLength * p.OutChannels, nameof(output));
        return outLength;
    }
}
