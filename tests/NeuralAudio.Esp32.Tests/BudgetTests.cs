using System.Globalization;
using NeuralAudio.Cli.Commands;
using NeuralAudio.Esp32.Tests.Infrastructure;
using NeuralAudio.Models;

namespace NeuralAudio.Esp32.Tests;

/// <summary>
/// Memory budgets: `neuralaudio codegen` (run by every build) refuses a deployed graph over the flash or RAM budget
/// with NA0601 / NA0602 naming the numbers, writes nothing then, and places arenas in PSRAM only where needed.
/// </summary>
public class BudgetTests
{
    [Fact]
    public void DeclaredVariantTooLargeForFlash_FailsCodegenWithNA0601NamingTheNumbers()
    {
        using var folder = new TempFolder();
        string host = folder.File("host"), esp32 = folder.File("esp32");
        var r = Tools.Neuralaudio(null, "codegen", "--out-host", host, "--out-esp32", esp32,
            "--esp32-models", "tinystream/ultra_tiny,tinystream/full", "--flash-budget", "512K");

        Assert.Equal(CodegenCommand.Failed, r.ExitCode);
        var graphs = FirmwareSources.Lower([ModelCatalog.Get("tinystream", "full")]);
        var full = FirmwareFootprint.Of(graphs[0]);
        Assert.True(full.FlashBytes > 512 * 1024);
        Assert.Contains($"error: NA0601: tinystream/full needs {full.FlashBytes.ToString(CultureInfo.InvariantCulture)} bytes of flash (weights {full.WeightBytes.ToString(CultureInfo.InvariantCulture)} + ", r.StdErr);
        Assert.Contains("but the flash budget is 524288 bytes", r.StdErr);
        Assert.DoesNotContain("ultra_tiny needs", r.StdErr); // 129 KiB: within the budget
        Assert.False(Directory.Exists(host) || Directory.Exists(esp32), "codegen wrote files although the budget failed");
    }

    [Fact]
    public void RunTimeConfigTooLargeForRam_IsRefusedWithNA0602()
    {
        // A TinyStream declared at 16x the channels of full: its arena and state exceed 320 KiB of internal RAM.
        var big = ModelCatalog.Get("tinystream", "full").WithConfig(new TinyStreamConfig(C: 256, D: 256, Quantizers: 8, CodebookSize: 1024), "c256");
        var graphs = FirmwareSources.Lower([big]);
        var f = FirmwareFootprint.Of(graphs[0]);
        Assert.True(f.RamBytes > 320 * 1024, $"{f.RamBytes} bytes: not too large, pick a bigger config");

        var noPsram = new MemoryBudget(320 * 1024, 0, 64L * 1024 * 1024);
        var e = Assert.Throws<CodegenException>(() => FirmwareFootprint.CheckAll(graphs, noPsram));
        Assert.StartsWith($"NA0602: tinystream/c256 needs {f.RamBytes.ToString(CultureInfo.InvariantCulture)} bytes of RAM (arena {f.ArenaBytes.ToString(CultureInfo.InvariantCulture)} + state {f.StateBytes.ToString(CultureInfo.InvariantCulture)}", e.Message);
        Assert.Contains("budget is 327680 bytes of internal RAM and 0 bytes of PSRAM", e.Message);
    }

    [Fact]
    public void Placement_InternalForTinyStream_PsramForAcdNet_AndNoPsramRefusesAcdNet()
    {
        var graphs = FirmwareSources.Lower([ModelCatalog.Get("tinystream", "tiny"), ModelCatalog.Get("acdnet", "esc50")]);
        var placed = FirmwareFootprint.CheckAll(graphs, MemoryBudget.Default);
        Assert.Equal(RamPlacement.Internal, placed[0].Placement);
        Assert.Equal(RamPlacement.Psram, placed[1].Placement);
        Assert.True(placed[1].Footprint.ArenaBytes > 320 * 1024);

        var e = Assert.Throws<CodegenException>(() => FirmwareFootprint.CheckAll(graphs, MemoryBudget.Default with { PsramBytes = 0 }));
        Assert.StartsWith("NA0602: acdnet/esc50 needs", e.Message);
        Assert.DoesNotContain("tinystream/tiny", e.Message);

        var header = FirmwareFootprint.EmitHeader(placed, MemoryBudget.Default);
        Assert.Contains("#define TINYSTREAM_TINY_NEEDS_PSRAM 0", header);
        Assert.Contains("#define ACDNET_ESC50_NEEDS_PSRAM 1", header);
    }

    [Fact]
    public void MicroAcdNet_FitsInternalRamOnPortableKernels_ButNeedsPsramWithEspNnScratch()
    {
        var graphs = FirmwareSources.Lower([ModelCatalog.Get("micro-acdnet", "esc50")]);
        var portable = FirmwareFootprint.CheckAll(graphs, MemoryBudget.Default, espNn: false)[0];
        var espNn = FirmwareFootprint.CheckAll(graphs, MemoryBudget.Default, espNn: true)[0];
        Assert.Equal(RamPlacement.Internal, portable.Placement);
        Assert.Equal(0, portable.Footprint.EspNnScratchBytes);
        Assert.Equal(RamPlacement.Psram, espNn.Placement);
        Assert.Equal(FirmwareFootprint.EspNnScratchCap, espNn.Footprint.EspNnScratchBytes);
        // Arena + the 1.51 s int16 window (30,225 samples) + I2S buffers + 50 scores.
        Assert.Equal(256848 + 30225 * 2 + 4096 + 1024 + 50, portable.Footprint.RamBytes);
    }

    [Fact]
    public void Footprint_AddsUpItsParts()
    {
        var g = FirmwareSources.Lower([ModelCatalog.Get("tinystream", "ultra_tiny")])[0];
        var f = FirmwareFootprint.Of(g);
        Assert.Equal(3296, f.ArenaBytes);   // TINYSTREAM_ULTRA_TINY_ARENA_BYTES
        Assert.Equal(5060, f.StateBytes);   // TINYSTREAM_ULTRA_TINY_STATE_BYTES (the stem's 6 past PCM samples are int16)
        Assert.Equal(69424, f.WeightBytes); // TINYSTREAM_ULTRA_TINY_WEIGHT_BYTES
        // I/O: DMA 4096 + I2S read 1024 + ring 8 x 256 x 2 + hop 512 + codes 2 x 2 + packet 18.
        Assert.Equal(4096 + 1024 + 4096 + 512 + 4 + 18, f.IoBytes);
        Assert.Equal(f.ArenaBytes + f.StateBytes + f.IoBytes + f.EspNnScratchBytes, f.RamBytes);
        Assert.Equal(f.WeightBytes + f.ParamsBytes + f.CodeBytes, f.FlashBytes);
        Assert.InRange(f.EspNnScratchBytes, 1, FirmwareFootprint.EspNnScratchCap);
    }

    [Theory]
    [InlineData("327680", 327680)]
    [InlineData("320K", 327680)]
    [InlineData("320KiB", 327680)]
    [InlineData("8M", 8388608)]
    [InlineData("0", 0)]
    public void BudgetSizes_Parse(string text, long bytes) => Assert.Equal(bytes, MemoryBudget.ParseSize(text, "--ram-budget"));

    [Fact]
    public void BadBudgetSize_IsOneClearError()
    {
        using var folder = new TempFolder();
        var r = Tools.Neuralaudio(null, "codegen", "--out-host", folder.File("h"), "--out-esp32", folder.File("e"), "--ram-budget", "lots");
        Assert.Equal(CodegenCommand.Failed, r.ExitCode);
        Assert.Contains("error: --ram-budget: 'lots' is not a size", r.StdErr);
    }
}
