using System.Text.Json;

namespace NeuralAudio.Cli.Tests;

public class ModelsCommandTests
{
    private static JsonElement[] ModelsJson()
    {
        var result = CliRunner.Run("models", "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        return JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray().ToArray();
    }

    private static JsonElement Row(JsonElement[] rows, string model, string variant) =>
        rows.Single(r => r.GetProperty("model").GetString() == model && r.GetProperty("variant").GetString() == variant);

    [Fact]
    public void ListsEveryZooVariantAndTheSampleVariant()
    {
        var names = ModelsJson().Select(r => r.GetProperty("model").GetString() + "/" + r.GetProperty("variant").GetString()).ToHashSet();
        foreach (var v in new[] { "soundstream/base", "tinystream/ultra_tiny", "tinystream/full", "acdnet/esc50", "micro-acdnet/esc50", "tinystream/tiny_c10" })
            Assert.Contains(v, names);
    }

    [Fact]
    public void JsonCarriesTheCostModelFigures()
    {
        var rows = ModelsJson();
        var tiny = Row(rows, "tinystream", "tiny");
        Assert.Equal(62.5, tiny.GetProperty("frameRateHz").GetDouble());
        Assert.Equal(2250, tiny.GetProperty("bitrateBps").GetDouble());
        Assert.Equal(16.0, tiny.GetProperty("algorithmicLatencyMs").GetDouble(), 9);
        Assert.True(tiny.GetProperty("arenaBytes").GetInt64() >= tiny.GetProperty("arenaLowerBoundBytes").GetInt64());

        var acdnet = Row(rows, "acdnet", "esc50");
        Assert.Equal(4_735_378, acdnet.GetProperty("parameters").GetInt64());
        Assert.Equal(4_735_378L * 4, acdnet.GetProperty("fp32Bytes").GetInt64());

        var custom = Row(rows, "tinystream", "tiny_c10");
        Assert.True(custom.GetProperty("encoderParameters").GetInt64() > tiny.GetProperty("encoderParameters").GetInt64());
    }

    [Fact]
    public void TablePrintsOneRowPerVariantWithThePaperFigures()
    {
        var result = CliRunner.Run("models");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("paper Table I: 8.4 M at C=32", result.StdOut);
        Assert.Equal(ModelsJson().Length, result.StdOut.Split('\n').Count(l => l.Contains("tinystream") || l.Contains("soundstream") || l.Contains("acdnet")));
    }

    [Fact]
    public void UnknownCommandFailsWithANonZeroExit()
    {
        var result = CliRunner.Run("no-such-command");
        Assert.NotEqual(0, result.ExitCode);
    }
}
