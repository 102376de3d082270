using System.CommandLine;
using System.Globalization;
using System.Text;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Planning;
using NeuralAudio.Models;
using NeuralAudio.Runtime.Deploy;
using static System.FormattableString;

namespace NeuralAudio.Cli.Commands;

/// <summary>
/// <c>neuralaudio codegen</c>: the firmware sources of every zoo graph. For each variant of <see cref="ModelCatalog"/>:
/// lower, plan the arena and emit <c>&lt;symbol&gt;.h</c> / <c>&lt;symbol&gt;.c</c> into targets/host/generated and
/// targets/esp32s3/main/generated, plus the <c>na_models.h/.c</c> registry of na_host; optionally seeded
/// <c>&lt;symbol&gt;_weights.c</c> into targets/host/weights/seeded. Writes a file only when its bytes change, removes
/// generated files no variant produces any more, and <c>--check</c> only compares (for CI). The build runs it
/// (src/Cli/NeuralAudio.Cli.csproj, target NeuralAudioGenerateFirmwareSources).
/// </summary>
public static class CodegenCommand
{
    /// <summary>Exit code when <c>--check</c> finds files missing, different or stale.</summary>
    public const int OutOfDate = 1;

    /// <summary>Exit code for a graph that cannot be generated, bad options or an I/O error.</summary>
    public const int Failed = 2;

    public static Command Create()
    {
        var outHost = new Option<string?>("--out-host") { Description = "Host folder (default: targets/host/generated in the repository)." };
        var outEsp32 = new Option<string?>("--out-esp32") { Description = "ESP32-S3 folder (default: targets/esp32s3/main/generated in the repository)." };
        var seeded = new Option<int?>("--seeded-weights")
        {
            Description = "Also write seeded int8 weights (SeededQuantizedModel, this seed) as <symbol>_weights.c for na_host. The build uses seed 1.",
        };
        var seededModels = new Option<string>("--seeded-models")
        {
            Description = "Graphs that get seeded weights: 'small' (at most 512 KiB of weights), 'all', or a comma-separated list of model/variant names.",
            DefaultValueFactory = _ => "small",
        };
        var outWeights = new Option<string?>("--out-weights") { Description = "Seeded weights folder (default: targets/host/weights/seeded in the repository)." };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 listing every file that is missing, different or stale." };
        var esp32Models = new Option<string>("--esp32-models")
        {
            Description = "Graphs deployed to the ESP32-S3 (checked against the memory budget, listed in na_memory.h): comma-separated model/variant names, model/* or 'all'.",
            DefaultValueFactory = _ => FirmwareSources.DefaultEsp32Models,
        };
        var ramBudget = new Option<string>("--ram-budget") { Description = "ESP32-S3 internal RAM budget per deployed graph (bytes, K or M).", DefaultValueFactory = _ => "320K" };
        var psramBudget = new Option<string>("--psram-budget") { Description = "PSRAM for arenas that do not fit internal RAM (0 = board without PSRAM).", DefaultValueFactory = _ => "8M" };
        var espNn = new Option<bool>("--esp-nn")
        {
            Description = "Count esp-nn scratch in the RAM budget (firmware with CONFIG_NA_USE_ESP_NN=y); --esp-nn false for the portable kernels only.",
            DefaultValueFactory = _ => true,
        };
        var memoryReport = new Option<bool>("--memory-report") { Description = "Write nothing; print every zoo graph's ESP32-S3 flash and RAM footprint against the budget (Markdown table)." };
        var flashBudget = new Option<string>("--flash-budget") { Description = "Flash budget per deployed graph: weights + params + code estimate.", DefaultValueFactory = _ => "8M" };

        var command = new Command("codegen", "Generate the int8 C of every zoo graph for targets/host and targets/esp32s3 (and, optionally, seeded weights).");
        foreach (var option in new Option[] { outHost, outEsp32, seeded, seededModels, outWeights, check, esp32Models, ramBudget, psramBudget, flashBudget, espNn, memoryReport })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                int? seed = parse.GetValue(seeded);
                string? root = RepositoryRoot.Find(Directory.GetCurrentDirectory());
                string Folder(Option<string?> option, string relative) =>
                    parse.GetValue(option) is { } given ? Path.GetFullPath(given)
                    : root != null ? Path.Combine(root, relative)
                    : throw new CodegenException($"no {NeuralAudioSolution} above {Directory.GetCurrentDirectory()}: run inside the repository or give {option.Name}");

                var outputs = new List<OutputFolder>();
                var graphs = FirmwareSources.Lower(ModelCatalog.All);
                outputs.Add(new OutputFolder(Folder(outHost, HostGeneratedFolder), FirmwareSources.HostFiles(graphs), OutputFolder.IsGeneratedSource));
                var budget = new MemoryBudget(
                    MemoryBudget.ParseSize(parse.GetRequiredValue(ramBudget), ramBudget.Name),
                    MemoryBudget.ParseSize(parse.GetRequiredValue(psramBudget), psramBudget.Name),
                    MemoryBudget.ParseSize(parse.GetRequiredValue(flashBudget), flashBudget.Name));
                if (parse.GetValue(memoryReport))
                {
                    FirmwareFootprint.WriteReport(stdout, graphs, budget, parse.GetValue(espNn));
                    return 0;
                }
                var deployed = FirmwareFootprint.CheckAll(FirmwareSources.SelectEsp32(graphs, parse.GetRequiredValue(esp32Models)), budget, parse.GetValue(espNn));
                var esp32Files = FirmwareSources.StructureFiles(graphs);
                esp32Files.Add(FirmwareSources.MemoryHeader, FirmwareFootprint.EmitHeader(deployed, budget));
                outputs.Add(new OutputFolder(Folder(outEsp32, Esp32GeneratedFolder), esp32Files, OutputFolder.IsGeneratedSource));
                if (seed is { } s)
                {
                    var chosen = FirmwareSources.SelectSeeded(graphs, parse.GetRequiredValue(seededModels));
                    outputs.Add(new OutputFolder(Folder(outWeights, SeededWeightsFolder), FirmwareSources.SeededWeights(chosen, s), OutputFolder.IsSeededWeights));
                }
                else if (parse.GetValue(outWeights) != null || parse.GetResult(seededModels) is { Implicit: false })
                {
                    throw new CodegenException("--out-weights and --seeded-models need --seeded-weights SEED");
                }

                var shared = outputs.GroupBy(o => o.Directory, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                if (shared != null) throw new CodegenException($"two outputs share the folder {shared.Key}; give each its own");

                var changes = outputs.SelectMany(o => o.Compare()).ToList();
                string Show(string path) => Display(root, path);
                if (parse.GetValue(check))
                {
                    if (changes.Count == 0)
                    {
                        stdout.WriteLine($"codegen --check: {graphs.Count} graphs, {outputs.Sum(o => o.Files.Count)} files up to date");
                        return 0;
                    }
                    stderr.WriteLine($"codegen --check: {changes.Count} generated file(s) out of date; run `neuralaudio codegen` (or `dotnet build src/Cli`) and commit the result:");
                    foreach (var c in changes) stderr.WriteLine($"  {c.Describe(),-8} {Show(c.Path)}");
                    return OutOfDate;
                }

                foreach (var o in outputs) o.Apply(changes);
                foreach (var c in changes) stdout.WriteLine($"codegen: {c.Describe(),-8} {Show(c.Path)}");
                stdout.WriteLine($"codegen: {graphs.Count} graphs, {outputs.Sum(o => o.Files.Count)} files, {changes.Count} changed ({string.Join(", ", outputs.Select(o => Show(o.Directory)))})");
                return 0;
            }
            catch (CodegenException e)
            {
                foreach (var line in e.Message.Split('\n')) stderr.WriteLine("error: " + line);
                return Failed;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine("error: " + e.Message);
                return Failed;
            }
        });
        return command;
    }

    public const string NeuralAudioSolution = "NeuralAudio.sln";
    public static readonly string HostGeneratedFolder = Path.Combine("targets", "host", "generated");
    public static readonly string Esp32GeneratedFolder = Path.Combine("targets", "esp32s3", "main", "generated");
    public static readonly string SeededWeightsFolder = Path.Combine("targets", "host", "weights", "seeded");

    private static string Display(string? root, string path)
    {
        if (root == null) return path;
        var relative = Path.GetRelativePath(root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }
}

/// <summary>A graph that cannot be generated, or options that cannot be met; the message is for the user.</summary>
public sealed class CodegenException(string message) : Exception(message);

/// <summary>The repository root: the nearest folder at or above a start folder holding NeuralAudio.sln.</summary>
public static class RepositoryRoot
{
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, CodegenCommand.NeuralAudioSolution))) return dir.FullName;
        return null;
    }
}

/// <summary>One zoo variant lowered for deployment, with its arena plan.</summary>
public sealed record FirmwareGraph(ModelVariant Variant, DeployGraph Deploy, BufferPlan Plan)
{
    /// <summary><c>model/variant</c>.</summary>
    public string Name => Variant.FullName;

    public string Symbol => CNames.Symbol(Deploy);

    public string Macro => CNames.Macro(Deploy);

    public long WeightBytes => DeployOpLayout.WeightBytes(Deploy);
}

/// <summary>
/// The texts <c>neuralaudio codegen</c> writes, as pure functions of the zoo: file name to content, byte for byte
/// deterministic (LF newlines, invariant culture, ordinal order).
/// </summary>
public static class FirmwareSources
{
    /// <summary>The registry of na_host (targets/host/generated).</summary>
    public const string RegistryHeader = "na_models.h";
    public const string RegistrySource = "na_models.c";

    /// <summary>Text file beside seeded weights that records their seed (targets/host/CMakeLists.txt reads it).</summary>
    public const string SeedFile = "seed.txt";

    /// <summary>The ESP32-S3 memory footprints (targets/esp32s3/main/generated).</summary>
    public const string MemoryHeader = "na_memory.h";

    /// <summary>
    /// Graphs deployed to the ESP32-S3 by default: every zoo graph that fits 8 MiB of flash. soundstream/base (about
    /// 9.7 MB of int8 weights) needs a 16 MiB module: <c>--esp32-models all --flash-budget 16M</c>.
    /// </summary>
    public const string DefaultEsp32Models = "tinystream/*,micro-acdnet/*,acdnet/*,soundstream/tiny,soundstream/small";

    /// <summary>The graphs named by <c>--esp32-models</c>: <c>all</c>, or names and <c>model/*</c> patterns, comma-separated.</summary>
    public static IReadOnlyList<FirmwareGraph> SelectEsp32(IReadOnlyList<FirmwareGraph> graphs, string selection)
    {
        if (selection.Trim() == "all") return graphs;
        var names = selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool Matches(FirmwareGraph g, string n) => n.EndsWith("/*", StringComparison.Ordinal)
            ? string.Equals(g.Variant.ModelId, n[..^2], StringComparison.OrdinalIgnoreCase)
            : string.Equals(g.Name, n, StringComparison.OrdinalIgnoreCase);
        var unknown = names.Where(n => !graphs.Any(g => Matches(g, n))).ToList();
        if (names.Length == 0 || unknown.Count > 0)
            throw new CodegenException($"--esp32-models: unknown graph(s) {string.Join(", ", unknown.Select(u => "'" + u + "'"))}; use all, model/* or names among {string.Join(", ", graphs.Select(g => g.Name))}");
        return graphs.Where(g => names.Any(n => Matches(g, n))).ToList();
    }

    /// <summary>Graphs with at most this many weight bytes get seeded weights under <c>--seeded-models small</c>.</summary>
    public const long SmallWeightBytes = 512 * 1024;

    /// <summary>
    /// Lowers and plans every variant; every variant that fails is reported (one line each, naming it) in one
    /// <see cref="CodegenException"/>, and then nothing is generated at all.
    /// </summary>
    public static IReadOnlyList<FirmwareGraph> Lower(IEnumerable<ModelVariant> variants)
    {
        var graphs = new List<FirmwareGraph>();
        var errors = new List<string>();
        foreach (var variant in variants)
        {
            try
            {
                var deploy = Lowering.Lower(variant.BuildGraph());
                graphs.Add(new FirmwareGraph(variant, deploy, DeployMemoryPlan.Plan(deploy)));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                errors.Add($"{variant.FullName}: cannot generate C for this variant: {e.Message}");
            }
        }
        foreach (var clash in graphs.GroupBy(g => g.Symbol, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"{string.Join(" and ", clash.Select(g => g.Name))} both map to the C symbol '{clash.Key}'; rename one variant");
        if (errors.Count > 0) throw new CodegenException(string.Join("\n", errors));
        return graphs;
    }

    /// <summary><c>&lt;symbol&gt;.h</c> and <c>&lt;symbol&gt;.c</c> of every graph (the ESP32-S3 folder).</summary>
    public static SortedDictionary<string, string> StructureFiles(IReadOnlyList<FirmwareGraph> graphs)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var g in graphs)
        {
            files.Add(CNames.HeaderFile(g.Deploy), Emit(g, "header", () => CEmitter.EmitHeader(g.Deploy, g.Plan)));
            files.Add(CNames.SourceFile(g.Deploy), Emit(g, "source", () => CEmitter.EmitSource(g.Deploy, g.Plan)));
        }
        return files;
    }

    /// <summary>The structure files plus the registry (the host folder).</summary>
    public static SortedDictionary<string, string> HostFiles(IReadOnlyList<FirmwareGraph> graphs)
    {
        var files = StructureFiles(graphs);
        files.Add(RegistryHeader, EmitRegistryHeader(graphs));
        files.Add(RegistrySource, EmitRegistrySource(graphs));
        return files;
    }

    /// <summary>Seeded <c>&lt;symbol&gt;_weights.c</c> of <paramref name="graphs"/> and the seed file.</summary>
    public static SortedDictionary<string, string> SeededWeights(IReadOnlyList<FirmwareGraph> graphs, int seed)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var g in graphs)
            files.Add(CNames.WeightsFile(g.Deploy), Emit(g, "seeded weights", () => CWeightsEmitter.Emit(g.Deploy, SeededQuantizedModel.Create(g.Deploy, seed))));
        files.Add(SeedFile, seed.ToString(CultureInfo.InvariantCulture) + "\n");
        return files;
    }

    /// <summary>The graphs named by <c>--seeded-models</c>: <c>small</c>, <c>all</c> or a comma-separated list.</summary>
    public static IReadOnlyList<FirmwareGraph> SelectSeeded(IReadOnlyList<FirmwareGraph> graphs, string selection)
    {
        if (selection == "all") return graphs;
        if (selection == "small") return graphs.Where(g => g.WeightBytes <= SmallWeightBytes).ToList();
        var names = selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !graphs.Any(g => string.Equals(g.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (names.Length == 0 || unknown.Count > 0)
            throw new CodegenException($"--seeded-models: unknown graph(s) {string.Join(", ", unknown.Select(u => "'" + u + "'"))}; use small, all or names among {string.Join(", ", graphs.Select(g => g.Name))}");
        return graphs.Where(g => names.Contains(g.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    private static string Emit(FirmwareGraph g, string what, Func<string> emit)
    {
        try
        {
            return emit();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CodegenException($"{g.Name}: cannot emit the {what}: {e.Message}");
        }
    }

    private static void Banner(CodeWriter w, string what)
    {
        w.Line("/* <auto-generated/>");
        w.Line(" * NeuralAudio model registry for na_host: " + what + ".");
        w.Line(" * Generated by `neuralaudio codegen` from every variant of the model zoo. Do not edit: regenerate instead.");
        w.Line(" */");
    }

    private static string EmitRegistryHeader(IReadOnlyList<FirmwareGraph> graphs)
    {
        var w = new CodeWriter();
        Banner(w, "every deployed graph behind one uniform interface");
        w.Line("#ifndef NA_MODELS_H");
        w.Line("#define NA_MODELS_H");
        w.Line();
        w.Line("#include <stdint.h>");
        w.Line();
        w.Line("#ifdef __cplusplus");
        w.Line("extern \"C\" {");
        w.Line("#endif");
        w.Line();
        w.Line("typedef enum {");
        w.Line("    NA_MODEL_ENCODER = 0,   /* streaming: hop-sized PCM in, residual-VQ codes out */");
        w.Line("    NA_MODEL_CLASSIFIER = 1 /* one window of PCM in, class scores out */");
        w.Line("} na_model_kind;");
        w.Line();
        w.Line("/*");
        w.Line(" * One graph. Sizes come from its header's macros. A graph is linked when na_models.c is compiled with");
        w.Line(" * NA_LINK_<SYMBOL> (or NA_LINK_ALL_MODELS) defined, which needs <symbol>.c and <symbol>_weights.c in the");
        w.Line(" * link; otherwise its function pointers are NULL. Each encoder has one static state (no malloc): reset()");
        w.Line(" * starts a stream on it. Not reentrant (static arenas and states).");
        w.Line(" */");
        w.Line("typedef struct {");
        using (w.Indent())
        {
            w.Line("const char *name;           /* model/variant, e.g. \"tinystream/tiny\" */");
            w.Line("const char *symbol;         /* C prefix, e.g. \"tinystream_tiny\" */");
            w.Line("na_model_kind kind;");
            w.Line("int32_t sample_rate;        /* Hz */");
            w.Line("int32_t hop_samples;        /* encoders: input samples per frame (0 for classifiers) */");
            w.Line("int32_t input_samples;      /* classifiers: samples per window (0 for encoders) */");
            w.Line("int32_t quantizers;         /* encoders: codes per frame (0 for classifiers) */");
            w.Line("int32_t codebook_size;      /* encoders (0 for classifiers) */");
            w.Line("int32_t classes;            /* classifiers: scores per window (0 for encoders) */");
            w.Line("int32_t arena_bytes;");
            w.Line("int32_t state_bytes;");
            w.Line("int32_t weight_bytes;");
            w.Line("const char *structure_hash;");
            w.Line("int linked;                 /* 1 when this build links the graph and its weights */");
            w.Line("void (*reset)(void);                                                  /* encoders */");
            w.Line("int32_t (*push)(const int16_t *pcm, int32_t n, uint16_t *codes_out); /* encoders: <symbol>_push */");
            w.Line("void (*run)(const int16_t *pcm, int8_t *scores);                     /* classifiers: <symbol>_run */");
        }
        w.Line("} na_model;");
        w.Line();
        w.Line(Invariant($"#define NA_MODEL_COUNT {graphs.Count}"));
        w.Line();
        w.Line("/* Every graph of the zoo, ordered by name. */");
        w.Line("extern const na_model na_models[NA_MODEL_COUNT];");
        w.Line();
        w.Line("/* The graph named name (\"model/variant\") or symbol (\"model_variant\"); NULL if there is none. */");
        w.Line("const na_model *na_model_find(const char *name);");
        w.Line();
        w.Line("#ifdef __cplusplus");
        w.Line("}");
        w.Line("#endif");
        w.Line();
        w.Line("#endif /* NA_MODELS_H */");
        return w.ToString();
    }

    private static string EmitRegistrySource(IReadOnlyList<FirmwareGraph> graphs)
    {
        var w = new CodeWriter();
        Banner(w, "the table and the uniform wrappers");
        w.Line("#include <stddef.h>");
        w.Line("#include <string.h>");
        w.Line("#include \"na_models.h\"");
        foreach (var g in graphs) w.Line("#include \"" + CNames.HeaderFile(g.Deploy) + "\"");
        foreach (var g in graphs)
        {
            string s = g.Symbol;
            w.Line();
            w.Line($"#if defined(NA_LINK_ALL_MODELS) || defined(NA_LINK_{g.Macro})");
            if (g.Deploy.Streaming)
            {
                w.Line($"static {CNames.StateType(g.Deploy)} {s}_registry_state;");
                w.Line($"static void {s}_registry_reset(void) {{ {s}_init(&{s}_registry_state); }}");
                w.Line($"static int32_t {s}_registry_push(const int16_t *pcm, int32_t n, uint16_t *codes_out)");
                w.Line("{");
                w.Line($"    return {s}_push(&{s}_registry_state, pcm, n, codes_out);");
                w.Line("}");
                w.Line($"#define NA_ENTRY_{g.Macro} 1, {s}_registry_reset, {s}_registry_push, NULL");
            }
            else
            {
                w.Line($"#define NA_ENTRY_{g.Macro} 1, NULL, NULL, {s}_run");
            }
            w.Line("#else");
            w.Line($"#define NA_ENTRY_{g.Macro} 0, NULL, NULL, NULL");
            w.Line("#endif");
        }
        w.Line();
        w.Line("const na_model na_models[NA_MODEL_COUNT] = {");
        using (w.Indent())
        {
            foreach (var g in graphs)
            {
                string m = g.Macro;
                string sizes = g.Deploy.Streaming
                    ? $"NA_MODEL_ENCODER, {m}_SAMPLE_RATE, {m}_HOP, 0, {m}_QUANTIZERS, {m}_CODEBOOK_SIZE, 0,"
                    : $"NA_MODEL_CLASSIFIER, {m}_SAMPLE_RATE, 0, {m}_INPUT_SAMPLES, 0, 0, {m}_CLASSES,";
                w.Line($"{{ \"{g.Name}\", \"{g.Symbol}\", {sizes}");
                w.Line($"  {m}_ARENA_BYTES, {m}_STATE_BYTES, {m}_WEIGHT_BYTES, {m}_STRUCTURE_HASH, NA_ENTRY_{m} }},");
            }
        }
        w.Line("};");
        w.Line();
        w.Line("const na_model *na_model_find(const char *name)");
        w.Line("{");
        using (w.Indent())
        {
            w.Line("int i;");
            w.Line("if (name == NULL) return NULL;");
            w.Line("for (i = 0; i < NA_MODEL_COUNT; ++i)");
            w.Line("    if (strcmp(na_models[i].name, name) == 0 || strcmp(na_models[i].symbol, name) == 0) return &na_models[i];");
            w.Line("return NULL;");
        }
        w.Line("}");
        return w.ToString();
    }
}

/// <summary>
/// One output folder and the files it should hold. <see cref="Compare"/> lists what is missing, different or stale
/// (a file this folder's generator wrote that no graph produces any more); <see cref="Apply"/> writes only those,
/// each through a temporary file and a rename, so unchanged files keep their bytes and modification times.
/// </summary>
public sealed class OutputFolder(string directory, IReadOnlyDictionary<string, string> files, Func<string, bool> isOurs)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string Directory { get; } = Path.GetFullPath(directory);

    public IReadOnlyDictionary<string, string> Files { get; } = files;

    public enum ChangeKind { Missing, Differs, Stale }

    public sealed record Change(ChangeKind Kind, string Path)
    {
        public string Describe() => Kind switch { ChangeKind.Missing => "missing", ChangeKind.Differs => "differs", _ => "stale" };
    }

    /// <summary>A C file that starts with the <c>&lt;auto-generated/&gt;</c> banner: handwritten files are never removed.</summary>
    public static bool IsGeneratedSource(string path) =>
        (path.EndsWith(".c", StringComparison.Ordinal) || path.EndsWith(".h", StringComparison.Ordinal)) && StartsWithBanner(path);

    /// <summary>A generated <c>*_weights.c</c> or the seed file.</summary>
    public static bool IsSeededWeights(string path) =>
        Path.GetFileName(path) == FirmwareSources.SeedFile || (path.EndsWith("_weights.c", StringComparison.Ordinal) && StartsWithBanner(path));

    public List<Change> Compare()
    {
        var changes = new List<Change>();
        foreach (var (name, text) in Files)
        {
            string path = Path.Combine(Directory, name);
            if (!File.Exists(path)) changes.Add(new Change(ChangeKind.Missing, path));
            else if (!SameBytes(path, Utf8.GetBytes(text))) changes.Add(new Change(ChangeKind.Differs, path));
        }
        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory).Order(StringComparer.Ordinal))
                if (!Files.ContainsKey(Path.GetFileName(path)) && isOurs(path)) changes.Add(new Change(ChangeKind.Stale, path));
        }
        return changes;
    }

    /// <summary>Writes the missing and different files of <paramref name="changes"/> in this folder and removes its stale ones.</summary>
    public void Apply(IEnumerable<Change> changes)
    {
        foreach (var change in changes.Where(c => Path.GetDirectoryName(c.Path) == Directory))
        {
            if (change.Kind == ChangeKind.Stale)
            {
                File.Delete(change.Path);
                continue;
            }
            System.IO.Directory.CreateDirectory(Directory);
            string temp = Path.Combine(Directory, "." + Path.GetFileName(change.Path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
            try
            {
                File.WriteAllBytes(temp, Utf8.GetBytes(Files[Path.GetFileName(change.Path)]));
                File.Move(temp, change.Path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
    }

    private static bool SameBytes(string path, byte[] expected)
    {
        var info = new FileInfo(path);
        return info.Length == expected.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(expected);
    }

    private static bool StartsWithBanner(string path)
    {
        const string banner = "/* <auto-generated/>";
        try
        {
            using var reader = new StreamReader(path, Utf8);
            var head = new char[banner.Length];
            return reader.ReadBlock(head, 0, head.Length) == head.Length && new string(head) == banner;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
