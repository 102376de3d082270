using System.Text.RegularExpressions;
using NeuralAudio.Esp32.Tests.Infrastructure;

namespace NeuralAudio.Esp32.Tests;

/// <summary>
/// targets/esp32s3 against what ESP-IDF v5 expects of a project: the top-level CMakeLists including project.cmake, a
/// main component registered with idf_component_register whose every listed source exists, the esp-nn dependency,
/// sdkconfig.defaults, Kconfig, the partition table; and the generated files of every selectable variant present
/// (written by the build's codegen, which this test project depends on).
/// </summary>
public class EspIdfLayoutTests
{
    private static string Esp32(params string[] parts) => Tools.RepoPath(["targets", "esp32s3", .. parts]);

    [Fact]
    public void TopLevelProject_AndMainComponent_AreAnEspIdfProject()
    {
        var top = File.ReadAllText(Esp32("CMakeLists.txt"));
        Assert.Matches(@"cmake_minimum_required\(VERSION 3\.\d+\)", top);
        Assert.Contains("include($ENV{IDF_PATH}/tools/cmake/project.cmake)", top);
        Assert.Matches(@"project\(\w+\)", top);

        var main = File.ReadAllText(Esp32("main", "CMakeLists.txt"));
        Assert.Contains("idf_component_register(", main);
        Assert.Matches(@"espressif/esp-nn:\s*""", File.ReadAllText(Esp32("main", "idf_component.yml")));
        Assert.Contains("menu \"NeuralAudio\"", File.ReadAllText(Esp32("main", "Kconfig.projbuild")));

        var defaults = File.ReadAllText(Esp32("sdkconfig.defaults"));
        foreach (var key in new[] { "CONFIG_IDF_TARGET=\"esp32s3\"", "CONFIG_ESP_DEFAULT_CPU_FREQ_MHZ_240=y", "CONFIG_COMPILER_OPTIMIZATION_PERF=y", "CONFIG_SPIRAM=y", "CONFIG_PARTITION_TABLE_CUSTOM=y" })
            Assert.Contains(key, defaults);
        var partitions = Regex.Match(defaults, @"CONFIG_PARTITION_TABLE_CUSTOM_FILENAME=""([^""]+)""").Groups[1].Value;
        Assert.True(File.Exists(Esp32(partitions)), partitions);
    }

    [Fact]
    public void EverySourceListedInTheMainComponent_Exists()
    {
        var main = File.ReadAllText(Esp32("main", "CMakeLists.txt"));
        var runtime = Tools.RepoPath("src", "Runtime", "c");
        var listed = new List<string>();
        foreach (var list in new[] { "NA_KERNEL_SRCS", "NA_BACKEND_SRCS", "NA_APP_SRCS" })
        {
            var block = Regex.Match(main, @"set\(" + list + @"\s+(.*?)\)", RegexOptions.Singleline);
            Assert.True(block.Success, list + " not found in main/CMakeLists.txt");
            foreach (Match m in Regex.Matches(block.Groups[1].Value, "\"([^\"]+)\""))
                listed.Add(m.Groups[1].Value.Replace("${NA_RUNTIME}", runtime));
        }
        Assert.True(listed.Count >= 20, $"only {listed.Count} sources listed");
        foreach (var source in listed)
        {
            var path = Path.IsPathRooted(source) ? source : Esp32("main", source);
            Assert.True(File.Exists(path), $"main/CMakeLists.txt lists {source}, which does not exist ({path})");
        }
        // Every kernel source of the runtime is built into the firmware (none forgotten).
        foreach (var kernel in Directory.GetFiles(runtime, "*.c"))
            Assert.Contains(Path.GetFullPath(kernel), listed.Select(Path.GetFullPath));
        // Every header the app sources include exists in the component's include directories.
        foreach (var app in Directory.GetFiles(Esp32("main"), "*.c"))
            foreach (Match inc in Regex.Matches(File.ReadAllText(app), "#include \"([^\"]+)\""))
            {
                string name = inc.Groups[1].Value;
                if (name == "sdkconfig.h" || name.StartsWith("freertos/", StringComparison.Ordinal) || name.StartsWith("driver/", StringComparison.Ordinal) || name.StartsWith("esp_", StringComparison.Ordinal) && !name.StartsWith("esp_nn", StringComparison.Ordinal))
                    continue; // ESP-IDF's own headers
                var dirs = new[] { Esp32("main"), Esp32("main", "generated"), runtime, Path.Combine(runtime, "..", "c_extra"), Path.Combine(runtime, "stream"), Path.Combine(runtime, "backends") };
                Assert.True(dirs.Any(d => File.Exists(Path.Combine(d, name))), $"{Path.GetFileName(app)} includes \"{name}\", found in no include directory");
            }
    }

    [Fact]
    public void EverySelectableVariant_HasItsGeneratedSources_AndIsDeployedWithinTheBudget()
    {
        var kconfig = File.ReadAllText(Esp32("main", "Kconfig.projbuild"));
        var symbols = Regex.Matches(kconfig, @"default ""(\w+)"" if NA_MODEL_(\w+)").Select(m => (Symbol: m.Groups[1].Value, Option: m.Groups[2].Value)).ToList();
        Assert.True(symbols.Count >= 10, "Kconfig lists " + symbols.Count + " model symbols");
        var memory = File.ReadAllText(Esp32("main", "generated", "na_memory.h"));
        var select = File.ReadAllText(Esp32("main", "na_model_select.h"));
        foreach (var (symbol, option) in symbols)
        {
            Assert.Equal(symbol.ToUpperInvariant(), option);
            Assert.Contains($"config NA_MODEL_{option}\n", kconfig);
            Assert.True(File.Exists(Esp32("main", "generated", symbol + ".c")), symbol + ".c is not generated");
            Assert.True(File.Exists(Esp32("main", "generated", symbol + ".h")), symbol + ".h is not generated");
            Assert.Contains($"#define {option}_DEPLOYED 1", memory);
            Assert.Matches($@"#define {option}_RAM_BYTES \d+", memory);
            Assert.Contains($"defined(CONFIG_NA_MODEL_{option})", select);
            Assert.Contains($"#define NA_MODEL_HEADER \"{symbol}.h\"", select);
        }
    }

    [Fact]
    public void GeneratedFirmwareSources_AreUpToDate()
    {
        // The build wrote them; --check compares every file (host, ESP32-S3 with na_memory.h) with what codegen makes now.
        var r = Tools.Neuralaudio(null, "codegen", "--check");
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("up to date", r.StdOut);
    }
}
