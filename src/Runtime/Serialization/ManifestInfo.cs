namespace NeuralAudio.Runtime.Serialization;

/// <summary>How a quantised model was produced, for its manifest.</summary>
/// <param name="Target">Build target: <c>host</c> or <c>esp32s3</c>.</param>
/// <param name="CalibrationMethod">E.g. <c>minmax</c> or <c>percentile 99.99</c>.</param>
/// <param name="CalibrationClips">Clips the float model ran on.</param>
/// <param name="CalibrationSource">Where the clips came from (a folder, or synthetic audio and its seed).</param>
/// <param name="WeightsSource">Where the float weights came from (a checkpoint file, or a seed).</param>
/// <param name="InputRange">How PCM maps onto the first activation (e.g. <c>full scale</c>).</param>
public sealed record ManifestInfo(
    string Target, string CalibrationMethod, int CalibrationClips,
    string? CalibrationSource = null, string? WeightsSource = null, string? InputRange = null);
