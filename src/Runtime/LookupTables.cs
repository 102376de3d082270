namespace NeuralAudio.Runtime;

/// <summary>
/// Tables the integer kernels index, built at export time in double precision from the tensors' quantisation.
/// </summary>
public static class LookupTables
{
    /// <summary>
    /// A 256-entry int8 table for <c>na_lut_s8</c>: entry i holds the quantised f of the real value of input
    /// q = i - 128, rounded half away from zero and clamped to int8.
    /// </summary>
    public static sbyte[] BuildS8(Func<double, double> f, ActivationQuantization input, ActivationQuantization output)
    {
        ArgumentNullException.ThrowIfNull(f);
        var lut = new sbyte[256];
        for (int i = 0; i < 256; i++) lut[i] = output.Quantize(f(input.Dequantize(i - 128)));
        return lut;
    }

    /// <summary>ELU (x for x &gt;= 0, alpha (e^x - 1) otherwise) as an int8 table.</summary>
    public static sbyte[] Elu(float inScale, int inZeroPoint, float outScale, int outZeroPoint, double alpha = 1.0) =>
        BuildS8(x => x >= 0 ? x : alpha * (Math.Exp(x) - 1), new ActivationQuantization(inScale, inZeroPoint),
            new ActivationQuantization(outScale, outZeroPoint));

    /// <summary>
    /// The exp table of <c>na_softmax_s8</c>: entry d = round(exp(-beta * inputScale * d) * 2^30) for the
    /// difference d = max - x in [0, 255]. Entry 0 is exactly 2^30.
    /// </summary>
    public static int[] SoftmaxExp(float inputScale, double beta = 1.0)
    {
        if (!(inputScale > 0) || !(beta > 0))
            throw new ArgumentOutOfRangeException(nameof(inputScale), "scale and beta must be positive");
        var lut = new int[256];
        for (int d = 0; d < 256; d++)
            lut[d] = (int)Math.Round(Math.Exp(-beta * inputScale * d) * (1 << 30), MidpointRounding.AwayFromZero);
        return lut;
    }
}
