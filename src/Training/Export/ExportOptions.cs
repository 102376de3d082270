using NeuralAudio.Training.Calibration;
using NeuralAudio.Training.Quantization;

namespace NeuralAudio.Training.Export;

/// <summary>What <see cref="Exporter"/> writes and how it calibrates.</summary>
public sealed record ExportOptions
{
    /// <summary>The folder that receives the files (created on success only); required by <see cref="Exporter.Export"/>.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary><c>host</c> or <c>esp32s3</c>: recorded in the manifest (both use the same int8 scheme).</summary>
    public string Target { get; init; } = "host";

    /// <summary>A folder of WAV files to calibrate on; null for seeded synthetic audio.</summary>
    public string? CalibrationFolder { get; init; }

    /// <summary>At most this many calibration clips.</summary>
    public int CalibrationClips { get; init; } = 64;

    /// <summary>Seed of the synthetic calibration audio (used when <see cref="CalibrationFolder"/> is null).</summary>
    public int CalibrationSeed { get; init; } = 1;

    /// <summary>
    /// Calibration clips (the first of them) that <see cref="BiasCorrection"/> measures each op's mean int8 error on;
    /// 0 turns bias correction off.
    /// </summary>
    public int BiasCorrectionClips { get; init; }

    /// <summary>Range method and percentile.</summary>
    public CalibrationOptions Calibration { get; init; } = new();

    /// <summary>Quantiser settings (input range, RVQ residual bits).</summary>
    public QuantizerOptions Quantizer { get; init; } = new();

    /// <summary>The targets <see cref="Target"/> may name.</summary>
    public static readonly IReadOnlyList<string> Targets = new[] { "host", "esp32s3" };
}
