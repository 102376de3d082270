namespace NeuralAudio.Training.Quantization;

/// <summary>How the int16 PCM input becomes the first int8 activation.</summary>
public enum InputRange
{
    /// <summary>
    /// Fixed full scale: scale 1/128, zero point 0, i.e. the top 8 bits of the int16 sample (rounded). Independent
    /// of the calibration audio, so a device never clips input louder than the calibration set; the default.
    /// </summary>
    FullScale,

    /// <summary>The calibrated range of the input (finer steps for quiet material, clipping above it).</summary>
    Calibrated,
}

/// <summary>Settings of <see cref="PostTrainingQuantizer"/>.</summary>
/// <param name="Input">Input quantisation.</param>
/// <param name="RvqFracBits">Fractional bits of the RVQ residual (lowered automatically where int16 would saturate).</param>
public sealed record QuantizerOptions(InputRange Input = InputRange.FullScale, int RvqFracBits = 4);
