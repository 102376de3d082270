namespace NeuralAudio.Runtime;

/// <summary>
/// Per-tensor asymmetric int8 quantisation of an activation: real = Scale * (q - ZeroPoint).
/// </summary>
/// <param name="Scale">Real value of one step (stored as float32, like TFLite).</param>
/// <param name="ZeroPoint">The int8 value that represents real 0, in [-128, 127].</param>
public readonly record struct ActivationQuantization(float Scale, int ZeroPoint)
{
    /// <summary>The offset a kernel adds to this tensor as its input: minus the zero point.</summary>
    public int InputOffset => -ZeroPoint;

    /// <summary>Clamp range of a fused ReLU: [max(-128, zero point), 127].</summary>
    public (int ActMin, int ActMax) ReluRange => (Math.Max(sbyte.MinValue, ZeroPoint), sbyte.MaxValue);

    /// <summary>The full int8 range, no fused activation.</summary>
    public static (int ActMin, int ActMax) FullRange => (sbyte.MinValue, sbyte.MaxValue);

    /// <summary>round(x / Scale) + ZeroPoint, half away from zero, clamped to int8.</summary>
    public sbyte Quantize(double x)
    {
        double q = Math.Round(x / Scale, MidpointRounding.AwayFromZero) + ZeroPoint;
        return (sbyte)Math.Clamp(q, sbyte.MinValue, sbyte.MaxValue);
    }

    /// <summary>Scale * (q - ZeroPoint).</summary>
    public double Dequantize(int q) => (double)Scale * (q - ZeroPoint);
}
