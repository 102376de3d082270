namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>
/// Float (double) reference operators with PyTorch's semantics and channels-first layouts, written independently of
/// the kernels' loops: the int8 kernels must agree with them after dequantisation.
/// </summary>
internal static class FloatOps
{
    /// <summary>x (C, L), w (O, C/g, K), b (O) -> (O, L_out), no padding.</summary>
    public static double[] Conv1d(double[] x, int channels, int length, double[] w, double[] b, int outChannels,
        int kernel, int stride, int dilation, int groups, out int outLength)
    {
        int span = (kernel - 1) * dilation + 1;
        outLength = length < span ? 0 : (length - span) / stride + 1;
        int inPerGroup = channels / groups, outPerGroup = outChannels / groups;
        var y = new double[outChannels * outLength];
        for (int o = 0; o < outChannels; o++)
        {
            int g = o / outPerGroup;
            for (int t = 0; t < outLength; t++)
            {
                double acc = b[o];
                for (int i = 0; i < inPerGroup; i++)
                    for (int k = 0; k < kernel; k++)
                        acc += x[(g * inPerGroup + i) * length + t * stride + k * dilation] * w[(o * inPerGroup + i) * kernel + k];
                y[o * outLength + t] = acc;
            }
        }
        return y;
    }

    /// <summary>x (C, H, W), w (O, C/g, KH, KW) with zero padding (top, left, bottom, right) -> (O, OH, OW).</summary>
    public static double[] Conv2d(double[] x, int channels, int height, int width, double[] w, double[] b, int outChannels,
        int kh, int kw, int sh, int sw, int dh, int dw, int padTop, int padLeft, int padBottom, int padRight, int groups,
        out int outHeight, out int outWidth)
    {
        int ph = height + padTop + padBottom, pw = width + padLeft + padRight;
        var padded = new double[channels * ph * pw];
        for (int c = 0; c < channels; c++)
            for (int h = 0; h < height; h++)
                for (int v = 0; v < width; v++) padded[(c * ph + h + padTop) * pw + v + padLeft] = x[(c * height + h) * width + v];
        int spanH = (kh - 1) * dh + 1, spanW = (kw - 1) * dw + 1;
        outHeight = ph < spanH ? 0 : (ph - spanH) / sh + 1;
        outWidth = pw < spanW ? 0 : (pw - spanW) / sw + 1;
        int inPerGroup = channels / groups, outPerGroup = outChannels / groups;
        var y = new double[outChannels * outHeight * outWidth];
        for (int o = 0; o < outChannels; o++)
        {
            int g = o / outPerGroup;
            for (int oy = 0; oy < outHeight; oy++)
                for (int ox = 0; ox < outWidth; ox++)
                {
                    double acc = b[o];
                    for (int i = 0; i < inPerGroup; i++)
                        for (int a = 0; a < kh; a++)
                            for (int c = 0; c < kw; c++)
                                acc += padded[((g * inPerGroup + i) * ph + oy * sh + a * dh) * pw + ox * sw + c * dw]
                                    * w[((o * inPerGroup + i) * kh + a) * kw + c];
                    y[(o * outHeight + oy) * outWidth + ox] = acc;
                }
        }
        return y;
    }

    /// <summary>PyTorch ConvTranspose1d by scattering: x (C, L), w (C, O, K) -> full (O, (L-1)s+k), then cropped.</summary>
    public static double[] ConvTranspose1d(double[] x, int channels, int length, double[] w, double[] b, int outChannels,
        int kernel, int stride, int cropLeft, int cropRight, out int outLength)
    {
        int full = (length - 1) * stride + kernel;
        var y = new double[outChannels * full];
        for (int o = 0; o < outChannels; o++)
            for (int u = 0; u < full; u++) y[o * full + u] = b[o];
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < length; i++)
                for (int o = 0; o < outChannels; o++)
                    for (int k = 0; k < kernel; k++)
                        y[o * full + i * stride + k] += x[c * length + i] * w[(c * outChannels + o) * kernel + k];
        outLength = full - cropLeft - cropRight;
        var cropped = new double[outChannels * outLength];
        for (int o = 0; o < outChannels; o++)
            for (int t = 0; t < outLength; t++) cropped[o * outLength + t] = y[o * full + t + cropLeft];
        return cropped;
    }

    public static double[] Linear(double[] x, int rows, int inFeatures, double[] w, double[] b, int outFeatures)
    {
        var y = new double[rows * outFeatures];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outFeatures; o++)
            {
                double acc = b[o];
                for (int i = 0; i < inFeatures; i++) acc += x[r * inFeatures + i] * w[o * inFeatures + i];
                y[r * outFeatures + o] = acc;
            }
        return y;
    }

    public static double Elu(double x, double alpha) => x >= 0 ? x : alpha * (Math.Exp(x) - 1);

    public static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    public static double[] Dequantize(sbyte[] q, ActivationQuantization quant) => q.Select(v => quant.Dequantize(v)).ToArray();

    /// <summary>Per-channel weights (channel outermost) to real values.</summary>
    public static double[] DequantizeWeights(sbyte[] q, float[] scales)
    {
        int per = q.Length / scales.Length;
        return q.Select((v, i) => (double)scales[i / per] * v).ToArray();
    }

    public static double[] DequantizeBias(int[] bias, float inputScale, float[] weightScales) =>
        bias.Select((v, c) => (double)inputScale * weightScales[c] * v).ToArray();

    /// <summary>Quantise float outputs to the output grid and clamp to the activation range.</summary>
    public static int[] Quantize(IEnumerable<double> y, ActivationQuantization output, int actMin, int actMax) =>
        y.Select(v => Math.Clamp((int)output.Quantize(v), actMin, actMax)).ToArray();

    /// <summary>An output quantisation fitted to the float result, as calibration would choose it.</summary>
    public static ActivationQuantization FitOutput(double[] y) =>
        y.Length == 0 ? new ActivationQuantization(0.05f, 0) : QuantizationParameters.ChooseActivationQuantization((float)y.Min(), (float)y.Max());
}
