namespace NeuralAudio.Runtime;

/// <summary>1-D pooling over [T][C], field for field <c>na_pool1d_params</c>.</summary>
/// <param name="Channels">C.</param>
/// <param name="Kernel">Window length.</param>
/// <param name="Stride">Window step (PyTorch's default: the kernel).</param>
/// <param name="ActMin">Lower clamp.</param>
/// <param name="ActMax">Upper clamp.</param>
public readonly record struct Pool1dParams(int Channels, int Kernel, int Stride, int ActMin, int ActMax)
{
    /// <summary>(L_in - kernel) / stride + 1 (floor mode), or 0 when L_in &lt; kernel.</summary>
    public int OutputLength(int inputLength) => PoolKernel.Extent(inputLength, Kernel, Stride);
}

/// <summary>2-D pooling over [H][W][C], field for field <c>na_pool2d_params</c>.</summary>
/// <param name="Channels">C.</param>
/// <param name="InHeight">H.</param>
/// <param name="InWidth">W.</param>
/// <param name="KernelH">Window rows.</param>
/// <param name="KernelW">Window columns.</param>
/// <param name="StrideH">Row step.</param>
/// <param name="StrideW">Column step.</param>
/// <param name="ActMin">Lower clamp.</param>
/// <param name="ActMax">Upper clamp.</param>
public readonly record struct Pool2dParams(
    int Channels, int InHeight, int InWidth, int KernelH, int KernelW, int StrideH, int StrideW, int ActMin, int ActMax)
{
    /// <summary>Output rows, floor mode.</summary>
    public int OutHeight => PoolKernel.Extent(InHeight, KernelH, StrideH);

    /// <summary>Output columns, floor mode.</summary>
    public int OutWidth => PoolKernel.Extent(InWidth, KernelW, StrideW);
}

/// <summary>
/// Max and average pooling (floor mode, no padding), bit-exact with <c>na_pool.c</c>. Input and output share one
/// quantisation; the average rounds half away from zero like TFLite's AveragePool.
/// </summary>
public static class PoolKernel
{
    internal static int Extent(int size, int kernel, int stride) => size < kernel ? 0 : (size - kernel) / stride + 1;

    /// <summary>TFLite's rounded mean: (sum ± count / 2) / count with truncating division.</summary>
    public static int RoundedMean(int sum, int count) => sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;

    /// <summary>[inputLength][Channels] -> [OutputLength][Channels], the maximum of each window.</summary>
    public static void MaxPool1d(in Pool1dParams p, ReadOnlySpan<sbyte> input, int inputLength, Span<sbyte> output) =>
        Pool1d(p, input, inputLength, output, isMax: true);

    /// <summary>[inputLength][Channels] -> [OutputLength][Channels], the rounded mean of each window.</summary>
    public static void AvgPool1d(in Pool1dParams p, ReadOnlySpan<sbyte> input, int inputLength, Span<sbyte> output) =>
        Pool1d(p, input, inputLength, output, isMax: false);

    /// <summary>[InHeight][InWidth][Channels] -> [OutHeight][OutWidth][Channels], the maximum of each window.</summary>
    public static void MaxPool2d(in Pool2dParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output) =>
        Pool2d(p, input, output, isMax: true);

    /// <summary>[InHeight][InWidth][Channels] -> [OutHeight][OutWidth][Channels], the rounded mean of each window.</summary>
    public static void AvgPool2d(in Pool2dParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output) =>
        Pool2d(p, input, output, isMax: false);

    private static void Pool1d(in Pool1dParams p, ReadOnlySpan<sbyte> input, int inputLength, Span<sbyte> output, bool isMax)
    {
        Guard.Positive(p.Channels, nameof(p.Channels));
        Guard.Positive(p.Kernel, nameof(p.Kernel));
        Guard.Positive(p.Stride, nameof(p.Stride));
        Guard.ActivationRange(p.ActMin, p.ActMax);
        int outLength = p.OutputLength(inputLength), c = p.Channels;
        Guard.AtLeast(input.Length, (long)inputLength * c, nameof(input));
        Guard.AtLeast(output.Length, (long)outLength * c, nameof(output));
        for (int t = 0; t < outLength; t++)
        {
            int window = t * p.Stride * c;
            for (int ch = 0; ch < c; ch++)
            {
                int acc = isMax ? sbyte.MinValue : 0;
                for (int k = 0; k < p.Kernel; k++)
                {
                    int v = input[window + k * c + ch];
                    acc = isMax ? Math.Max(acc, v) : acc + v;
                }
                int result = isMax ? acc : RoundedMean(acc, p.Kernel);
                output[t * c + ch] = (sbyte)Math.Clamp(result, p.ActMin, p.ActMax);
            }
        }
    }

    private static void Pool2d(in Pool2dParams p, ReadOnlySpan<sbyte> input, Span<sbyte> output, bool isMax)
    {
        Guard.Positive(p.Channels, nameof(p.Channels));
        Guard.Positive(p.KernelH, nameof(p.KernelH));
        Guard.Positive(p.KernelW, nameof(p.KernelW));
        Guard.Positive(p.StrideH, nameof(p.StrideH));
        Guard.Positive(p.StrideW, nameof(p.StrideW));
        Guard.ActivationRange(p.ActMin, p.ActMax);
        int outH = p.OutHeight, outW = p.OutWidth, c = p.Channels, row = p.InWidth * c, count = p.KernelH * p.KernelW;
        Guard.AtLeast(input.Length, (long)p.InHeight * row, nameof(input));
        Guard.AtLeast(output.Length, (long)outH * outW * c, nameof(output));
        for (int oy = 0; oy < outH; oy++)
        {
            for (int ox = 0; ox < outW; ox++)
            {
                int window = oy * p.StrideH * row + ox * p.StrideW * c;
                int outPixel = (oy * outW + ox) * c;
                for (int ch = 0; ch < c; ch++)
                {
                    int acc = isMax ? sbyte.MinValue : 0;
                    for (int i = 0; i < p.KernelH; i++)
                    {
                        for (int j = 0; j < p.KernelW; j++)
                        {
                            int v = input[window + i * row + j * c + ch];
                            acc = isMax ? Math.Max(acc, v) : acc + v;
                        }
                    }
                    int result = isMax ? acc : RoundedMean(acc, count);
                    output[outPixel + ch] = (sbyte)Math.Clamp(result, p.ActMin, p.ActMax);
                }
            }
        }
    }
}
