namespace NeuralAudio.Onnx.Tests;

/// <summary><c>neuralaudio export --format onnx</c> end to end; int8 stays the default format.</summary>
public sealed class OnnxExportCommandTests
{
    [Fact]
    public void FormatOnnxWritesOneLoadableModel()
    {
        var folder = Path.Combine(Path.GetTempPath(), "na-onnx-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var result = CliRunner.Run("export", "--format", "onnx", "--seed", "1", "--model", "micro-acdnet", "--variant", "esc10", "--out", folder);
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Contains("opset 17", result.StdOut);
            var files = Directory.GetFiles(folder).Select(Path.GetFileName).ToArray();
            Assert.Equal(new[] { "micro_acdnet_esc10.onnx" }, files);
            using var session = OnnxReference.Session(File.ReadAllBytes(Path.Combine(folder, "micro_acdnet_esc10.onnx")));
            Assert.Equal(new[] { "scores" }, session.OutputMetadata.Keys);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void DefaultFormatIsStillInt8()
    {
        var folder = Path.Combine(Path.GetTempPath(), "na-onnx-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var result = CliRunner.Run("export", "--seed", "1", "--model", "tinystream", "--variant", "ultra_tiny", "--clips", "2", "--out", folder);
            Assert.True(result.ExitCode == 0, result.StdErr);
            var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            Assert.Contains("tinystream_ultra_tiny.naw", files);
            Assert.DoesNotContain(files, f => f!.EndsWith(".onnx", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void UnknownFormatAndMissingCheckpointFailWithOneMessage()
    {
        var bad = CliRunner.Run("export", "--format", "tflite", "--seed", "1", "--model", "tinystream", "--variant", "tiny", "--out", "unused");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("tflite", bad.StdErr);

        var missing = Path.Combine(Path.GetTempPath(), "na-missing-" + Guid.NewGuid().ToString("N")[..8] + ".ckpt");
        var folder = Path.Combine(Path.GetTempPath(), "na-onnx-" + Guid.NewGuid().ToString("N")[..10]);
        var result = CliRunner.Run("export", "--format", "onnx", "--checkpoint", missing, "--model", "tinystream", "--variant", "tiny", "--out", folder);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(Path.GetFileName(missing), result.StdErr);
        Assert.False(Directory.Exists(folder));
    }
}
