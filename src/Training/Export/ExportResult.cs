using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Training.Calibration;
using NeuralAudio.Training.Quantization;

namespace NeuralAudio.Training.Export;

/// <summary>What an export produced.</summary>
/// <param name="Files">Full paths of the files written, in the output folder.</param>
/// <param name="Graph">The deployed graph.</param>
/// <param name="Model">Its integer tables.</param>
/// <param name="Calibration">The calibrated ranges.</param>
/// <param name="WeightBytes">Flash bytes of the tables.</param>
/// <param name="Elapsed">Wall time of the export.</param>
/// <param name="BiasCorrection">What bias correction did, or null when it was off.</param>
public sealed record ExportResult(
    IReadOnlyList<string> Files, DeployGraph Graph, QuantizedModel Model, CalibrationResult Calibration, long WeightBytes, TimeSpan Elapsed,
    BiasCorrectionResult? BiasCorrection);
