namespace NeuralAudio.Runtime;

/// <summary>
/// A first conv1d (every encoder's) fed the int16 PCM itself (real = pcm / 32768, zero point 0), bit-exact with
/// <c>na_conv1d_pcm_s16</c>. Quantising the input to int8 first would keep only the top 8 bits of every sample:
/// 31-34 dB of SNR on 8 LJSpeech clips peaking at -0.4 to -6 dBFS, before any layer has run.
/// </summary>
public static class Conv1dPcmKernel
{
    private const int MaxDenseTaps = 16, MaxDenseChannels = 512;

    /// <summary>input int16 [inputLength][InChannels] -> output int8 [OutputLength][OutChannels]; any stride, dilation, groups.</summary>
    /// <param name="p">Shape, offsets and clamp; <see cref="Conv1dParams.InputOffset"/> must be 0.</param>
    /// <param name="input">int16 [inputLength][InChannels], the window with any state or padding.</param>
    /// <param name="inputLength">Samples in the window.</param>
    /// <param name="filter">int8 [OutChannels][Kernel][InChannels / Groups].</param>
    /// <param name="bias">int32 [OutChannels], or empty for none.</param>
    /// <param name="multiplier">Per output channel Q31 multiplier.</param>
    /// <param name="shift">Per output channel shift (positive = left).</param>
    /// <param name="output">int8 [OutputLength][OutChannels].</param>
    public static void Run(in Conv1dParams p, ReadOnlySpan<short> input, int inputLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        int outLength = Conv1dKernel.Check(p, input, inputLength, filter, bias, multiplier, shift, output);
        if (p.InputOffset != 0) throw new ArgumentException($"PCM has zero point 0, the params give input offset {p.InputOffset}", nameof(p));
        int inPerGroup = p.InChannels / p.Groups, outPerGroup = p.OutChannels / p.Groups;
        if ((long)p.Kernel * inPerGroup > QuantizationParameters.MaxPcmFanIn)
            throw new ArgumentException($"fan-in {p.Kernel * inPerGroup} exceeds {QuantizationParameters.MaxPcmFanIn}, the int32 accumulator's limit for int16 input", nameof(p));
        int tapStep = p.Dilation * p.InChannels;
        if (HostSimd.IsSupported && HostSimd.TryPcmStem(p, input, outLength, filter, bias, multiplier, shift, output)) return;
        if (p.Groups == 1 && p.Kernel * p.InChannels <= MaxDenseTaps && p.OutChannels <= MaxDenseChannels)
        {
            RunDense(p, input, outLength, filter, bias, multiplier, shift, output);
            return;
        }
        for (int t = 0; t < outLength; t++)
        {
            int window = t * p.Stride * p.InChannels;
            for (int oc = 0; oc < p.OutChannels; oc++)
            {
                int x = window + oc / outPerGroup * inPerGroup;
                int w = oc * p.Kernel * inPerGroup;
                int acc = 0;
                for (int k = 0; k < p.Kernel; k++)
                    for (int i = 0; i < inPerGroup; i++) acc += input[x + k * tapStep + i] * filter[w + k * inPerGroup + i];
                if (!bias.IsEmpty) acc += bias[oc];
                output[t * p.OutChannels + oc] = QuantMath.Requantize(acc, multiplier[oc], shift[oc], p.OutputOffset, p.ActMin, p.ActMax);
            }
        }
    }

    /// <summary>
    /// Groups 1 (an encoder's one-channel stem), as the C's dense loop: every output channel reads the same samples,
    /// so output channels run innermost over the taps transposed to [k x C_in + i][oc], in vectors. The int32 sums
    /// are exact, so the order changes nothing.
    /// </summary>
    private static void RunDense(in Conv1dParams p, ReadOnlySpan<short> input, int outLength, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multiplier, ReadOnlySpan<int> shift, Span<sbyte> output)
    {
        int fanIn = p.Kernel * p.InChannels, channels = p.OutChannels, tapStep = p.Dilation * p.InChannels;
        Span<int> taps = stackalloc int[fanIn * channels];
        for (int j = 0; j < fanIn; j++)
            for (int oc = 0; oc < channels; oc++) taps[j * channels + oc] = filter[oc * fanIn + j];
        Span<int> acc = stackalloc int[channels];
        for (int t = 0; t < outLength; t++)
        {
            int window = t * p.Stride * p.InChannels;
            acc.Clear();
            for (int k = 0; k < p.Kernel; k++)
                for (int i = 0; i < p.InChannels; i++)
                    AddScaled(acc, taps.Slice((k * p.InChannels + i) * channels, channels), input[window + k * tapStep + i]);
            for (int oc = 0; oc < channels; oc++)
            {
                int sum = bias.IsEmpty ? acc[oc] : acc[oc] + bias[oc];
                output[t * channels + oc] = QuantMath.Requantize(sum, multiplier[oc], shift[oc], p.OutputOffset, p.ActMin, p.ActMax);
            }
        }
    }

    /// <summary>acc += x * row, element by element.</summary>
    private static void AddScaled(Span<int> acc, ReadOnlySpan<int> row, int x)
    {
        int c = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var scale = new System.Numerics.Vector<int>(x);
            for (int n = System.Numerics.Vector<int>.Count; c + n <= acc.Length; c += n)
                (new System.Numerics.Vector<int>(acc[c..]) + scale * new System.Numerics.Vector<int>(row[c..])).CopyTo(acc[c..]);
        }
        for (; c < acc.Length; c++) acc[c] += x * row[c];
    }
}
