using System.Globalization;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;
using static System.FormattableString;

namespace NeuralAudio.Cli.Commands;

/// <summary>
/// The ESP32-S3 memory budget a deployed graph must fit: internal RAM, PSRAM (0 for boards without it) and flash.
/// Defaults: 320 KiB internal RAM (what an ESP-IDF app typically has left of the 512 KiB SRAM), 8 MiB PSRAM and 8 MiB
/// flash (ESP32-S3-WROOM-1 N8R8 / DevKitC-1 N8R8).
/// </summary>
public sealed record MemoryBudget(long InternalRamBytes, long PsramBytes, long FlashBytes)
{
    /// <summary>320 KiB internal RAM, 8 MiB PSRAM, 8 MiB flash.</summary>
    public static MemoryBudget Default { get; } = new(320 * 1024, 8L * 1024 * 1024, 8L * 1024 * 1024);

    /// <summary>Parses a size such as <c>327680</c>, <c>320K</c>, <c>320KiB</c>, <c>8M</c> or <c>8MiB</c> (binary units).</summary>
    public static long ParseSize(string text, string optionName)
    {
        string t = text.Trim().ToUpperInvariant().Replace("IB", "", StringComparison.Ordinal).Replace("B", "", StringComparison.Ordinal);
        long unit = 1;
        if (t.EndsWith('K')) { unit = 1024; t = t[..^1]; }
        else if (t.EndsWith('M')) { unit = 1024 * 1024; t = t[..^1]; }
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            throw new CodegenException($"{optionName}: '{text}' is not a size (bytes, or a number with K or M)");
        return value * unit;
    }
}

/// <summary>Where a graph's RAM goes under a <see cref="MemoryBudget"/>.</summary>
public enum RamPlacement
{
    /// <summary>Everything fits internal RAM.</summary>
    Internal,
    /// <summary>The arena goes to PSRAM (EXT_RAM_BSS_ATTR); state, I/O and scratch stay internal.</summary>
    Psram,
}

/// <summary>
/// What one deployed graph needs on the ESP32-S3. Flash: weights and quantisation tables + params structs + code
/// estimate. RAM: activation arena + streaming state + the firmware's I/O buffers for it + esp-nn scratch.
/// </summary>
public sealed record GraphFootprint(
    string Name, string Symbol, string Macro, bool Encoder, int Ops,
    long WeightBytes, long ParamsBytes, long CodeBytes,
    long ArenaBytes, long StateBytes, long IoBytes, long EspNnScratchBytes, long EspNnScratchWantedBytes)
{
    /// <summary>Flash bytes: weights + params structs + code estimate.</summary>
    public long FlashBytes => WeightBytes + ParamsBytes + CodeBytes;

    /// <summary>RAM bytes: arena + state + I/O + esp-nn scratch.</summary>
    public long RamBytes => ArenaBytes + StateBytes + IoBytes + EspNnScratchBytes;

    /// <summary>RAM that must be internal when the arena moves to PSRAM.</summary>
    public long InternalRamWithPsramArena => StateBytes + IoBytes + EspNnScratchBytes;
}

/// <summary>
/// Memory footprints of deployed graphs and the budget check of <c>neuralaudio codegen</c>. The I/O sizes mirror
/// targets/esp32s3/main/na_app_config.h (the firmware's buffers), the code estimate the cross-compile sizes
/// (targets/esp32s3/tools/cross-check.sh).
/// </summary>
public static class FirmwareFootprint
{
    /// <summary>Diagnostic id of a graph that does not fit the flash budget.</summary>
    public const string FlashDiagnostic = "NA0601";

    /// <summary>Diagnostic id of a graph that does not fit the RAM budget (internal, or internal + PSRAM).</summary>
    public const string RamDiagnostic = "NA0602";

    /// <summary>I2S DMA buffers: 4 descriptors x 256 frames x 4 bytes (na_app_config.h NA_I2S_DMA_*).</summary>
    public const int I2sDmaBytes = 4 * 256 * 4;

    /// <summary>One I2S read: 256 frames of 32-bit slots (NA_I2S_READ_FRAMES).</summary>
    public const int I2sReadBytes = 256 * 4;

    /// <summary>Hops of int16 PCM the encoder's capture ring buffer holds (NA_RING_HOPS).</summary>
    public const int EncoderRingHops = 8;

    /// <summary>Frames per packet the encoder app sends (NA_FRAMES_PER_PACKET).</summary>
    public const int FramesPerPacket = 1;

    /// <summary>Largest esp-nn scratch buffer the firmware reserves; a conv needing more runs the portable kernel.</summary>
    public const int EspNnScratchCap = 32 * 1024;

    /// <summary>Code estimate: the runtime (portable kernels, packet writer, esp-nn glue and kernels, app) plus per op.</summary>
    public const int RuntimeCodeBytes = 48 * 1024;

    /// <summary>Code estimate per kernel call of the generated step function (about 51 bytes at -Os, measured; -O2 more).</summary>
    public const int CodeBytesPerOp = 96;

    /// <summary>Bytes of a params struct (the largest, na_conv2d_params, is 19 int32).</summary>
    private const int ParamsStructBytes = 76;

    /// <summary>
    /// The footprint of <paramref name="g"/>; <paramref name="espNn"/> false counts no esp-nn scratch (firmware built
    /// with CONFIG_NA_USE_ESP_NN=n, or esp-nn with a 0-byte scratch: every conv then runs the portable kernels).
    /// </summary>
    public static GraphFootprint Of(FirmwareGraph g, bool espNn = true)
    {
        var d = g.Deploy;
        int ops = d.Ops.Count;
        long io;
        if (d.Streaming)
        {
            var q = DeployOpLayout.Quantizer(d)!;
            long hop = d.StepInputSamples;
            io = I2sDmaBytes + I2sReadBytes + EncoderRingHops * hop * 2 + hop * 2 + FramesPerPacket * q.NumQuantizers * 2
                 + (10 + 2 * FramesPerPacket * q.NumQuantizers + 4);
        }
        else
        {
            io = I2sDmaBytes + I2sReadBytes + d.StepInputSamples * 2L + DeployOpLayout.Classes(d);
        }
        long wanted = espNn ? d.Ops.Select(op => EspNnScratch(d, op)).DefaultIfEmpty(0).Max() : 0;
        long scratch = Math.Min(wanted, EspNnScratchCap);
        long paramsBytes = d.Ops.Count(op => DeployOpLayout.DataParamsType(op.Kind) != null || op.Kind is DeployOpKind.MaxPool or DeployOpKind.AvgPool or DeployOpKind.Permute) * (long)ParamsStructBytes;
        return new GraphFootprint(g.Name, g.Symbol, g.Macro, d.Streaming, ops, g.WeightBytes, paramsBytes,
            RuntimeCodeBytes + (long)CodeBytesPerOp * ops, g.Plan.ArenaBytes, d.StateBytes, io, scratch, wanted);
    }

    /// <summary>
    /// Scratch the esp-nn backend (src/Runtime/c/backends/na_espnn_backend.c) needs to run <paramref name="op"/> on
    /// esp-nn: esp-nn's own ESP32-S3 conv scratch (esp_nn_get_conv_scratch_size_esp32s3: the filter copy for a 1x1
    /// with channels a multiple of 8, else int16 copies of filter and input, plus 16 x in channels and 32 bytes of
    /// alignment; the same bound is assumed for depthwise, plus its [k][C] filter copy); a stride-1 dilated conv1d
    /// adds its gathered input and output rows (one phase of d). 0 for ops that stay on the portable kernels.
    /// </summary>
    public static long EspNnScratch(DeployGraph d, DeployOp op)
    {
        long filter, input, inChannels, taps, rows = 0;
        bool pointwise, depthwise;
        switch (op.Op)
        {
            case Conv1dOp c when c.Dilation == 1 || c.Stride == 1:
                filter = (long)c.OutChannels * c.Kernel * (c.InChannels / c.Groups);
                var window = DeployOpLayout.Window(d, op);
                long length = window != null ? window.Length : DeployOpLayout.Time(d.Tensor(op.Inputs[0]));
                if (c.Dilation > 1)
                {
                    length = (length + c.Dilation - 1) / c.Dilation; // one phase
                    long outLength = Math.Max(0, length - c.Kernel + 1);
                    rows = Align16(length * c.InChannels) + Align16(outLength * c.OutChannels);
                }
                input = length * c.InChannels;
                inChannels = c.InChannels;
                taps = length;
                pointwise = c.Kernel == 1 && c.Stride == 1 && c.Groups == 1;
                depthwise = c.Groups > 1 && c.Groups == c.InChannels;
                if (c.Groups > 1 && !depthwise) return 0;
                break;
            case Conv2dOp c when c.DilationH == 1 && c.DilationW == 1:
                filter = (long)c.OutChannels * c.KernelH * c.KernelW * (c.InChannels / c.Groups);
                input = d.Tensor(op.Inputs[0]).Elements;
                inChannels = c.InChannels;
                taps = input / Math.Max(1, inChannels);
                pointwise = c.KernelH == 1 && c.KernelW == 1 && c.StrideH == 1 && c.StrideW == 1 && c.Groups == 1;
                depthwise = c.Groups > 1 && c.Groups == c.InChannels;
                if (c.Groups > 1 && !depthwise) return 0;
                break;
            default:
                return 0;
        }
        long transpose = taps >= 8 ? 16 * inChannels : 0;
        long esp = pointwise && inChannels % 8 == 0 ? filter + transpose + 32 : 2 * (filter + input) + transpose + 32;
        return rows + esp + (depthwise ? Align16(filter) : 0);
    }

    private static long Align16(long v) => (v + 15) & ~15L;

    /// <summary>Where the RAM goes, or an error naming the numbers (null placement) when the budget cannot hold it.</summary>
    public static (RamPlacement? Placement, string? Error) Check(GraphFootprint f, MemoryBudget b)
    {
        if (f.FlashBytes > b.FlashBytes)
            return (null, Invariant($"{FlashDiagnostic}: {f.Name} needs {f.FlashBytes} bytes of flash (weights {f.WeightBytes} + params {f.ParamsBytes} + code estimate {f.CodeBytes}) but the flash budget is {b.FlashBytes} bytes; choose a smaller variant or raise --flash-budget (16 MiB modules exist)"));
        if (f.RamBytes <= b.InternalRamBytes) return (RamPlacement.Internal, null);
        if (b.PsramBytes > 0 && f.ArenaBytes <= b.PsramBytes && f.InternalRamWithPsramArena <= b.InternalRamBytes)
            return (RamPlacement.Psram, null);
        return (null, Invariant($"{RamDiagnostic}: {f.Name} needs {f.RamBytes} bytes of RAM (arena {f.ArenaBytes} + state {f.StateBytes} + I/O {f.IoBytes} + esp-nn scratch {f.EspNnScratchBytes}) but the budget is {b.InternalRamBytes} bytes of internal RAM and {b.PsramBytes} bytes of PSRAM; choose a smaller variant or raise --ram-budget/--psram-budget"));
    }

    /// <summary>
    /// Checks every deployed graph; throws one <see cref="CodegenException"/> listing every graph over budget.
    /// Returns the placements.
    /// </summary>
    public static IReadOnlyList<(GraphFootprint Footprint, RamPlacement Placement)> CheckAll(IEnumerable<FirmwareGraph> deployed, MemoryBudget budget, bool espNn = true)
    {
        var result = new List<(GraphFootprint, RamPlacement)>();
        var errors = new List<string>();
        foreach (var g in deployed)
        {
            var f = Of(g, espNn);
            var (placement, error) = Check(f, budget);
            if (error != null) errors.Add(error);
            else result.Add((f, placement!.Value));
        }
        if (errors.Count > 0) throw new CodegenException(string.Join("\n", errors));
        return result;
    }

    /// <summary>
    /// <c>na_memory.h</c> for targets/esp32s3/main/generated: per deployed graph its footprint, whether its arena
    /// must go to PSRAM, and its esp-nn scratch size, so the firmware places buffers the way the budget was checked.
    /// </summary>
    public static string EmitHeader(IReadOnlyList<(GraphFootprint Footprint, RamPlacement Placement)> graphs, MemoryBudget budget)
    {
        var w = new CodeWriter();
        w.Line("/* <auto-generated/>");
        w.Line(" * NeuralAudio ESP32-S3 memory footprints of the deployed graphs, checked against the budget by `neuralaudio codegen`.");
        w.Line(" * FLASH = weights + params structs + code estimate; RAM = arena + streaming state + I/O buffers + esp-nn scratch.");
        w.Line(" * NEEDS_PSRAM = 1: the arena does not fit internal RAM and is placed in PSRAM (CONFIG_SPIRAM required).");
        w.Line(" * Do not edit: regenerate instead.");
        w.Line(" */");
        w.Line("#ifndef NA_MEMORY_H");
        w.Line("#define NA_MEMORY_H");
        w.Line();
        w.Line(Invariant($"#define NA_BUDGET_INTERNAL_RAM_BYTES {budget.InternalRamBytes}"));
        w.Line(Invariant($"#define NA_BUDGET_PSRAM_BYTES {budget.PsramBytes}"));
        w.Line(Invariant($"#define NA_BUDGET_FLASH_BYTES {budget.FlashBytes}"));
        foreach (var (f, placement) in graphs)
        {
            w.Line();
            w.Line($"/* {f.Name} */");
            w.Line(Invariant($"#define {f.Macro}_DEPLOYED 1"));
            w.Line(Invariant($"#define {f.Macro}_FLASH_BYTES {f.FlashBytes}"));
            w.Line(Invariant($"#define {f.Macro}_RAM_BYTES {f.RamBytes}"));
            w.Line(Invariant($"#define {f.Macro}_IO_BYTES {f.IoBytes}"));
            w.Line(Invariant($"#define {f.Macro}_ESPNN_SCRATCH_BYTES {f.EspNnScratchBytes}"));
            w.Line(Invariant($"#define {f.Macro}_NEEDS_PSRAM {(placement == RamPlacement.Psram ? 1 : 0)}"));
        }
        w.Line();
        w.Line("#endif /* NA_MEMORY_H */");
        return w.ToString();
    }

    /// <summary>A Markdown table of every graph's footprint and where it fits under <paramref name="budget"/>.</summary>
    public static void WriteReport(TextWriter o, IEnumerable<FirmwareGraph> graphs, MemoryBudget budget, bool espNn = true)
    {
        static string K(long bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
        o.WriteLine(Invariant($"Budget: {K(budget.InternalRamBytes)} KiB internal RAM, {K(budget.PsramBytes)} KiB PSRAM, {K(budget.FlashBytes)} KiB flash. Sizes in KiB."));
        o.WriteLine();
        o.WriteLine("| graph | weights | flash total | arena | state | I/O | esp-nn scratch (wanted) | RAM total | fits |");
        o.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var g in graphs)
        {
            var f = Of(g, espNn);
            var (placement, error) = Check(f, budget);
            string fits = error != null ? (error.StartsWith(FlashDiagnostic, StringComparison.Ordinal) ? "no: flash" : "no: RAM")
                : placement == RamPlacement.Internal ? "internal RAM" : "needs PSRAM (arena)";
            o.WriteLine(Invariant($"| {f.Name} | {K(f.WeightBytes)} | {K(f.FlashBytes)} | {K(f.ArenaBytes)} | {K(f.StateBytes)} | {K(f.IoBytes)} | {K(f.EspNnScratchBytes)} ({K(f.EspNnScratchWantedBytes)}) | {K(f.RamBytes)} | {fits} |"));
        }
    }
}
