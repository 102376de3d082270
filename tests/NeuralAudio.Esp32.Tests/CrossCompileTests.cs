using System.Globalization;
using System.Text.RegularExpressions;
using NeuralAudio.Esp32.Tests.Infrastructure;

namespace NeuralAudio.Esp32.Tests;

/// <summary>
/// targets/esp32s3/tools/cross-check.sh: the runtime, the packet writer, the encoder loop, the esp-nn backend and every
/// generated graph compile for 32-bit Xtensa (no FPU) as strict C99 with -Os -Wall -Wextra -Werror; graphs with seeded
/// weights also link against the runtime with nothing but libc left unresolved. The script installs the toolchain
/// when it is missing and fails (never skips) when it cannot.
/// </summary>
public class CrossCompileTests(ITestOutputHelper output)
{
    private static readonly Regex GraphLine = new(@"^graph (\w+) text=(\d+) rodata=(\d+) bss=(\d+) weights_rodata=(\d+) link=(ok|no-weights)$", RegexOptions.Multiline);

    [Fact]
    public void EveryGeneratedGraph_CompilesForXtensa_AndSeededGraphsLink()
    {
        var r = Tools.RunOk("bash", [Tools.RepoPath("targets", "esp32s3", "tools", "cross-check.sh")]);
        output.WriteLine(r.StdOut);
        Assert.Contains("cross-check: OK", r.StdOut);
        Assert.Matches(@"runtime text=[1-9]\d* ", r.StdOut);
        Assert.Matches(@"espnn_backend text=[1-9]\d* ", r.StdOut);

        var generated = Directory.GetFiles(Tools.RepoPath("targets", "esp32s3", "main", "generated"), "*.h")
            .Select(f => Path.GetFileNameWithoutExtension(f)!).Where(s => s != "na_memory").Order(StringComparer.Ordinal).ToList();
        var lines = GraphLine.Matches(r.StdOut).ToDictionary(m => m.Groups[1].Value);
        Assert.Equal(generated, lines.Keys.Order(StringComparer.Ordinal).ToList());

        foreach (var (symbol, m) in lines)
        {
            long text = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            long bss = long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
            Assert.True(text > 0, symbol + ": no code");
            // The arena is the only .bss of a graph: its size is the header's ARENA_BYTES.
            Assert.Equal(ArenaBytes(symbol), bss);
        }

        var seeded = Directory.GetFiles(Tools.RepoPath("targets", "host", "weights", "seeded"), "*_weights.c")
            .Select(f => Path.GetFileName(f)[..^"_weights.c".Length]).ToList();
        Assert.NotEmpty(seeded);
        foreach (var symbol in seeded)
        {
            Assert.Equal("ok", lines[symbol].Groups[6].Value);
            // Weights land in .rodata (flash), at least the header's WEIGHT_BYTES (params structs come on top).
            Assert.True(long.Parse(lines[symbol].Groups[5].Value, CultureInfo.InvariantCulture) >= WeightBytes(symbol), symbol);
        }
    }

    private static long Macro(string symbol, string suffix)
    {
        var header = File.ReadAllText(Tools.RepoPath("targets", "esp32s3", "main", "generated", symbol + ".h"));
        var m = Regex.Match(header, $@"#define {symbol.ToUpperInvariant()}_{suffix} (\d+)");
        Assert.True(m.Success, $"{symbol}.h has no {suffix}");
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static long ArenaBytes(string symbol) => Macro(symbol, "ARENA_BYTES");

    private static long WeightBytes(string symbol) => Macro(symbol, "WEIGHT_BYTES");
}
