namespace NeuralAudio.Training.Calibration;

/// <summary>
/// Running statistics of one tensor's values in bounded memory: count, min, max and one histogram per sign
/// (magnitudes, <see cref="Bins"/> bins over [0, R) with R a power of two that doubles, merging bin pairs exactly,
/// whenever a larger magnitude arrives).
/// </summary>
public sealed class RangeStatistics
{
    /// <summary>Bins per sign.</summary>
    public const int Bins = 2048;

    private readonly long[] _positive = new long[Bins];
    private readonly long[] _negative = new long[Bins];
    private double _limit; // R: bins cover [0, R)

    /// <summary>Values seen.</summary>
    public long Count { get; private set; }

    /// <summary>Smallest value seen (+infinity before any).</summary>
    public float Min { get; private set; } = float.PositiveInfinity;

    /// <summary>Largest value seen (-infinity before any).</summary>
    public float Max { get; private set; } = float.NegativeInfinity;

    /// <summary>Adds values; returns false (adding nothing) when any is NaN or infinite.</summary>
    public bool Add(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) return false;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (values.IsEmpty) return true;
        Grow(Math.Max(Math.Abs((double)min), Math.Abs((double)max)));
        double perBin = Bins / _limit;
        foreach (var v in values)
        {
            if (v > 0) _positive[Math.Min(Bins - 1, (int)(v * perBin))]++;
            else if (v < 0) _negative[Math.Min(Bins - 1, (int)(-(double)v * perBin))]++;
        }
        Count += values.Length;
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        return true;
    }

    /// <summary>The calibrated range by <paramref name="method"/> (see <see cref="CalibrationMethod"/>).</summary>
    public TensorRange Range(CalibrationMethod method, double percentile)
    {
        if (Count == 0) return new TensorRange(0, 0);
        if (method == CalibrationMethod.MinMax) return new TensorRange(Min, Max);
        if (method == CalibrationMethod.Mse) return LeastSquaredError();
        double tail = (1 - percentile / 100) * Count;
        float upper = Max <= 0 ? Max : Math.Min(Max, TailEdge(_positive, tail));
        float lower = Min >= 0 ? Min : Math.Max(Min, -TailEdge(_negative, tail));
        return new TensorRange(lower, upper);
    }

    /// <summary>
    /// Searches both ends (each over 33 fractions from 0.2 to 1 of min and max) for the int8 range with the least
    /// squared error over the histogram, every bin taken at its centre.
    /// </summary>
    private TensorRange LeastSquaredError()
    {
        const int steps = 33;
        double width = _limit / Bins;
        var best = new TensorRange(Min, Max);
        double bestError = double.PositiveInfinity;
        for (int i = 0; i < steps; i++)
        {
            float lo = Min < 0 ? (float)(Min * (0.2 + 0.8 * i / (steps - 1))) : Min;
            for (int j = 0; j < steps; j++)
            {
                float hi = Max > 0 ? (float)(Max * (0.2 + 0.8 * j / (steps - 1))) : Max;
                var q = NeuralAudio.Runtime.QuantizationParameters.ChooseActivationQuantization(Math.Min(lo, hi), Math.Max(lo, hi));
                double error = 0;
                for (int b = 0; b < Bins && error < bestError; b++)
                {
                    double v = (b + 0.5) * width;
                    if (_positive[b] != 0) error += _positive[b] * Square(v - q.Dequantize(q.Quantize(v)));
                    if (_negative[b] != 0) error += _negative[b] * Square(-v - q.Dequantize(q.Quantize(-v)));
                }
                if (error < bestError)
                {
                    bestError = error;
                    best = new TensorRange(Math.Min(lo, hi), Math.Max(lo, hi));
                }
                if (Max <= 0) break;
            }
            if (Min >= 0) break;
        }
        return best;
    }

    private static double Square(double x) => x * x;

    /// <summary>The upper edge of the highest bin at which more than <paramref name="tail"/> values lie above; 0 if none.</summary>
    private float TailEdge(long[] bins, double tail)
    {
        long above = 0;
        for (int i = Bins - 1; i >= 0; i--)
        {
            above += bins[i];
            if (above > tail) return (float)((i + 1) * _limit / Bins);
        }
        return 0;
    }

    private void Grow(double magnitude)
    {
        if (magnitude <= 0) magnitude = double.Epsilon;
        if (_limit == 0)
        {
            _limit = Math.Pow(2, Math.Ceiling(Math.Log2(magnitude)));
            if (_limit <= magnitude) _limit *= 2;
            return;
        }
        while (_limit <= magnitude)
        {
            Halve(_positive);
            Halve(_negative);
            _limit *= 2;
        }
    }

    private static void Halve(long[] bins)
    {
        for (int i = 0; i < Bins / 2; i++) bins[i] = bins[2 * i] + bins[2 * i + 1];
        Array.Clear(bins, Bins / 2, Bins / 2);
    }
}
