namespace NeuralAudio.Training.Calibration;

/// <summary>How a tensor's observed values become its quantisation range.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen: nothing clips on the calibration data.</summary>
    MinMax,

    /// <summary>
    /// Both tails trimmed: the range is [q(1 - p), q(p)] over every value seen, with q the quantile of a
    /// 2048-bin histogram per sign (bins of max|x| / 2048, so memory stays bounded), widened to contain 0 and
    /// never wider than min/max. With p = 99.99 % at most 0.01 % of the values clip at each end.
    /// </summary>
    Percentile,

    /// <summary>
    /// The range whose int8 quantisation of the recorded histogram has the least mean squared error (rounding
    /// inside, clipping outside): each end is searched independently between 20 % and 100 % of min/max.
    /// </summary>
    Mse,
}

/// <summary>Calibration settings.</summary>
/// <param name="Method">Min/max or percentile ranges.</param>
/// <param name="Percentile">The kept fraction of each tail in percent, for <see cref="CalibrationMethod.Percentile"/>.</param>
/// <param name="BatchSize">Clips per forward pass (memory versus speed).</param>
public sealed record CalibrationOptions(CalibrationMethod Method = CalibrationMethod.MinMax, double Percentile = 99.99, int BatchSize = 4)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a percentile outside (50, 100] or a batch below 1.</summary>
    public void Validate()
    {
        if (!(Percentile > 50 && Percentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(Percentile), Percentile, "percentile must lie in (50, 100]");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be at least 1");
    }

    /// <summary>Short text for manifests: <c>minmax</c> or <c>percentile 99.99</c>.</summary>
    public string Describe() => Method switch
    {
        CalibrationMethod.MinMax => "minmax",
        CalibrationMethod.Mse => "mse",
        _ => "percentile " + Percentile.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
    };
}
