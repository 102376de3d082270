using System.Text.Json;

namespace NeuralAudio.Onnx.Tests;

/// <summary>
/// <c>neuralaudio bench inference</c> on the smallest encoder: four engines, the same audio, and the generated C int8
/// (built here with -O3 when cmake and a C compiler exist) computing the same codes as the generated C# int8.
/// Figures are printed, never asserted on.
/// </summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void BenchRunsEveryEngineOnTheSameGraph()
    {
        var folder = Path.Combine(Path.GetTempPath(), "na-bench-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        try
        {
            var json = Path.Combine(folder, "bench.json");
            var result = CliRunner.Run("bench", "inference", "--models", "tinystream/ultra_tiny", "--seconds", "0.25", "--repeats", "1",
                "--hops", "3", "--json", json, "--work", Path.Combine(folder, "work"));
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Contains("| tinystream/ultra_tiny |", result.StdOut);

            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var graph = doc.RootElement.GetProperty("graphs")[0];
            Assert.Equal("encoder", graph.GetProperty("kind").GetString());
            var engines = graph.GetProperty("engines").EnumerateArray().ToDictionary(e => e.GetProperty("engine").GetString()!);
            Assert.Equal(new[] { "c-int8", "csharp-int8", "onnxruntime-float", "torchsharp-float" }, engines.Keys.Order(StringComparer.Ordinal));
            foreach (var name in new[] { "csharp-int8", "torchsharp-float", "onnxruntime-float" })
            {
                Assert.True(engines[name].GetProperty("available").GetBoolean(), name);
                Assert.True(engines[name].GetProperty("realTimeFactor").GetDouble() > 0, name);
                Assert.True(engines[name].GetProperty("hopMedianMs").GetDouble() > 0, name);
            }
            Assert.True(graph.GetProperty("arenaBytes").GetInt64() >= graph.GetProperty("lowerBoundBytes").GetInt64());
            if (engines["c-int8"].GetProperty("available").GetBoolean())
                Assert.True(graph.GetProperty("int8Agree").GetBoolean(), "the C and C# int8 engines computed different codes");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void UnknownModelFailsWithOneMessage()
    {
        var result = CliRunner.Run("bench", "--models", "tinystream/nope", "--quick", "--json", Path.Combine(Path.GetTempPath(), "unused-bench.json"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope", result.StdErr);
        Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
    }
}
