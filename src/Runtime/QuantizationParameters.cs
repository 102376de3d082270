namespace NeuralAudio.Runtime;

/// <summary>
/// Export-time quantisation math (double precision, never run on the device): TFLite's multiplier encoding,
/// activation and weight quantisation, and the derived parameters of each kernel.
/// </summary>
public static class QuantizationParameters
{
    /// <summary>Largest accumulator fan-in (taps x input channels per group) that cannot overflow int32.</summary>
    public const int MaxFanIn = int.MaxValue / (255 * 127);

    /// <summary>The same limit for a conv fed int16 PCM (<see cref="Conv1dPcmKernel"/>): 32768 x 127 per product.</summary>
    public const int MaxPcmFanIn = NeuralAudio.ModelDsl.Deploy.Lowering.MaxPcmFanIn;

    /// <summary>The quantisation of int16 PCM read as it is: real = pcm / 32768, zero point 0.</summary>
    public static ActivationQuantization Pcm16 => new(1f / 32768, 0);

    /// <summary>
    /// TFLite's QuantizeMultiplier: real = multiplier * 2^(shift - 31) with multiplier in [2^30, 2^31) (frexp,
    /// round half away from zero, carry into the shift when the rounding reaches 2^31); 0 gives (0, 0) and a
    /// value below about 2^-31 flushes to (0, 0).
    /// </summary>
    public static void QuantizeMultiplier(double realMultiplier, out int multiplier, out int shift)
    {
        if (realMultiplier == 0 || double.IsNaN(realMultiplier) || double.IsInfinity(realMultiplier))
        {
            if (realMultiplier != 0)
                throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "multiplier must be finite");
            multiplier = 0;
            shift = 0;
            return;
        }
        double q = Frexp(realMultiplier, out shift);
        long qFixed = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
        if (qFixed == 1L << 31)
        {
            qFixed /= 2;
            shift++;
        }
        if (shift < -31)
        {
            shift = 0;
            qFixed = 0;
        }
        if (shift > 31)
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "multiplier must be below 2^31");
        multiplier = (int)qFixed;
    }

    /// <summary>The real value an encoded (multiplier, shift) stands for: multiplier * 2^(shift - 31).</summary>
    public static double RealMultiplier(int multiplier, int shift) => multiplier * Math.Pow(2, shift - 31);

    /// <summary>
    /// The largest |bias| an accumulator of <paramref name="fanIn"/> products can add without leaving int32: each
    /// product is at most 255 x 127 for int8 input, 32768 x 127 for int16 PCM (na_kernels.h).
    /// </summary>
    public static long BiasHeadroom(long fanIn, bool int16Input) => int.MaxValue - fanIn * (int16Input ? 32768L : 255L) * 127;

    /// <summary>C's frexp: x = mantissa * 2^exponent with |mantissa| in [0.5, 1).</summary>
    public static double Frexp(double x, out int exponent)
    {
        if (x == 0 || double.IsNaN(x) || double.IsInfinity(x))
        {
            exponent = 0;
            return x;
        }
        exponent = Math.ILogB(x) + 1;
        return Math.ScaleB(x, -exponent);
    }

    /// <summary>
    /// TFLite's ChooseQuantizationParams for int8 activations: the range is widened to contain 0, the scale is
    /// (max - min) / 255, and the zero point is rounded so that real 0 is exactly representable.
    /// </summary>
    public static ActivationQuantization ChooseActivationQuantization(float min, float max)
    {
        if (float.IsNaN(min) || float.IsNaN(max) || float.IsInfinity(min) || float.IsInfinity(max) || min > max)
            throw new ArgumentException($"invalid activation range [{min}, {max}]");
        double rmin = Math.Min(min, 0.0), rmax = Math.Max(max, 0.0);
        const double qmin = sbyte.MinValue, qmax = sbyte.MaxValue;
        if (rmin == rmax) return new ActivationQuantization(1f / 256, 0); // an all-zero tensor: any scale works
        double scale = (rmax - rmin) / (qmax - qmin);
        double zeroFromMin = qmin - rmin / scale, zeroFromMax = qmax - rmax / scale;
        double errorFromMin = Math.Abs(qmin) + Math.Abs(rmin / scale), errorFromMax = Math.Abs(qmax) + Math.Abs(rmax / scale);
        double zero = errorFromMin < errorFromMax ? zeroFromMin : zeroFromMax;
        int zeroPoint = zero < qmin ? (int)qmin : zero > qmax ? (int)qmax : (int)Math.Round(zero, MidpointRounding.AwayFromZero);
        return new ActivationQuantization((float)scale, zeroPoint);
    }

    /// <summary>
    /// Symmetric per-output-channel int8 quantisation (TFLite): scale[c] = max|w[c]| / 127, q = round(w / scale)
    /// in [-127, 127]. An all-zero channel gets scale 1/127 (its values are 0 whatever the scale).
    /// </summary>
    /// <param name="weights">Float weights with the output channel outermost (OIK, OHWI, [out][in]).</param>
    /// <param name="outChannels">Number of output channels; divides the weight count.</param>
    public static PerChannelWeights QuantizeWeightsPerChannel(ReadOnlySpan<float> weights, int outChannels)
    {
        Guard.Positive(outChannels, nameof(outChannels));
        Guard.Divides(outChannels, weights.Length, nameof(outChannels), "the weight count");
        int perChannel = weights.Length / outChannels;
        var values = new sbyte[weights.Length];
        var scales = new float[outChannels];
        for (int c = 0; c < outChannels; c++)
        {
            var w = weights.Slice(c * perChannel, perChannel);
            float maxAbs = 0;
            foreach (float v in w) maxAbs = Math.Max(maxAbs, Math.Abs(v));
            float scale = maxAbs > 0 ? maxAbs / 127f : 1f / 127;
            scales[c] = scale;
            for (int i = 0; i < perChannel; i++)
                values[c * perChannel + i] = (sbyte)Math.Clamp(Math.Round(w[i] / (double)scale, MidpointRounding.AwayFromZero), -127, 127);
        }
        return new PerChannelWeights(values, scales);
    }

    /// <summary>int32 bias with scale inputScale * weightScales[c], zero point 0, rounded half away from zero.</summary>
    public static int[] QuantizeBias(ReadOnlySpan<float> bias, float inputScale, ReadOnlySpan<float> weightScales)
    {
        if (bias.Length != weightScales.Length) throw new ArgumentException("one bias per output channel", nameof(bias));
        var q = new int[bias.Length];
        for (int c = 0; c < bias.Length; c++)
        {
            double v = Math.Round(bias[c] / ((double)inputScale * weightScales[c]), MidpointRounding.AwayFromZero);
            q[c] = (int)Math.Clamp(v, int.MinValue, int.MaxValue);
        }
        return q;
    }

    /// <summary>
    /// Per-channel requantisation of a conv / linear accumulator (TFLite's PopulateConvolutionQuantizationParams):
    /// real multiplier inputScale * weightScales[c] / outputScale, each factor widened to double.
    /// </summary>
    public static void PerChannelMultipliers(float inputScale, ReadOnlySpan<float> weightScales, float outputScale,
        Span<int> multiplier, Span<int> shift)
    {
        Guard.AtLeast(multiplier.Length, weightScales.Length, nameof(multiplier));
        Guard.AtLeast(shift.Length, weightScales.Length, nameof(shift));
        for (int c = 0; c < weightScales.Length; c++)
            QuantizeMultiplier((double)inputScale * weightScales[c] / outputScale, out multiplier[c], out shift[c]);
    }

    /// <summary>
    /// TFLite's int8 add preparation: left shift 20, inputs rescaled by s_i / (2 max(s1, s2)), the sum by
    /// 2 max(s1, s2) / (2^20 s_out).
    /// </summary>
    public static AddParams PrepareAdd(ActivationQuantization input1, ActivationQuantization input2, ActivationQuantization output,
        int actMin = sbyte.MinValue, int actMax = sbyte.MaxValue)
    {
        const int leftShift = 20;
        double twiceMax = 2 * Math.Max((double)input1.Scale, input2.Scale);
        QuantizeMultiplier(input1.Scale / twiceMax, out int m1, out int s1);
        QuantizeMultiplier(input2.Scale / twiceMax, out int m2, out int s2);
        QuantizeMultiplier(twiceMax / ((1 << leftShift) * (double)output.Scale), out int mo, out int so);
        return new AddParams(input1.InputOffset, input2.InputOffset, leftShift, m1, s1, m2, s2, mo, so, output.ZeroPoint, actMin, actMax);
    }
}
