namespace NeuralAudio.Training.Calibration;

/// <summary>A calibrated real range [<paramref name="Min"/>, <paramref name="Max"/>] of one tensor.</summary>
public readonly record struct TensorRange(float Min, float Max)
{
    /// <summary>True when <paramref name="value"/> lies in the range.</summary>
    public bool Contains(float value) => value >= Min && value <= Max;

    /// <summary>Max - Min.</summary>
    public float Width => Max - Min;
}
