using System.Collections.Concurrent;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Planning;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>
/// Drives gcc for the whole run: the kernels are compiled once per flavor into objects, each generated model once
/// into its own folder under one temp directory, linked with test_main.c. A failed build fails the test with gcc's
/// full output. The state is process-wide (test classes take this as a class fixture and run in parallel, sharing
/// every build); the folder is removed when the test process exits, or by a later run once it is stale.
/// </summary>
public sealed class CBuildFixture
{
    private static readonly string _root = CreateRoot();
    private static readonly ConcurrentDictionary<CFlavor, Lazy<string[]>> _kernels = new();
    private static readonly ConcurrentDictionary<string, Lazy<ModelExecutable>> _models = new();

    private const string Prefix = "neuralaudio-int8-";

    private static string CreateRoot()
    {
        RemoveStaleRoots();
        string root = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        // Best effort: the test host does not always raise ProcessExit, hence also the sweep above.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    }

    /// <summary>Folders of earlier runs of this suite (hundreds of MB of generated weights) older than any live run.</summary>
    private static void RemoveStaleRoots()
    {
        var cutoff = DateTime.UtcNow.AddHours(-2);
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
            if (Directory.GetLastWriteTimeUtc(dir) < cutoff) TryDelete(dir);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>The generated C of <paramref name="graph"/> with <paramref name="model"/>, built and linked with the test driver.</summary>
    public ModelExecutable Build(DeployGraph graph, BufferPlan plan, QuantizedModel model, CFlavor flavor, string tag)
    {
        string key = $"{CNames.Symbol(graph)}-{tag}-{flavor}";
        return _models.GetOrAdd(key, _ => new Lazy<ModelExecutable>(() =>
        {
            string dir = Path.Combine(_root, key);
            GeneratedC.Write(dir, graph, plan, model);
            var objects = new List<string>(Kernels(flavor));
            objects.Add(Compile(dir, CNames.SourceFile(graph), CFlags.For(flavor)));
            objects.Add(Compile(dir, CNames.WeightsFile(graph), CFlags.ForWeights(flavor)));
            objects.Add(Compile(dir, RepoPaths.TestMain, CFlags.For(flavor)));
            string exe = Path.Combine(dir, "model");
            var args = new List<string>(CFlags.For(flavor)) { "-o", exe };
            args.AddRange(objects);
            Gcc(args, "linking " + key);
            return new ModelExecutable(exe, key);
        })).Value;
    }

    /// <summary>Writes the generated files of a graph to a fresh folder and compiles each with the strict flags; returns the folder.</summary>
    public string CompileOnly(DeployGraph graph, BufferPlan plan, QuantizedModel model, string tag)
    {
        string dir = Path.Combine(_root, $"{CNames.Symbol(graph)}-{tag}-compile-{Guid.NewGuid():N}");
        GeneratedC.Write(dir, graph, plan, model);
        Compile(dir, CNames.SourceFile(graph), ["-O0"]);
        Compile(dir, CNames.WeightsFile(graph), ["-O0"]);
        return dir;
    }

    /// <summary>Compiles one file of <paramref name="dir"/> (or an absolute path) to an object; throws with gcc's output.</summary>
    public string Compile(string dir, string file, IEnumerable<string> extra)
    {
        string source = Path.IsPathRooted(file) ? file : Path.Combine(dir, file);
        string obj = Path.Combine(dir, Path.GetFileNameWithoutExtension(source) + ".o");
        var args = new List<string>(CFlags.Strict);
        args.AddRange(extra);
        args.AddRange(["-I" + dir, "-I" + RepoPaths.Kernels, "-I" + RepoPaths.ExtraKernels, "-c", source, "-o", obj]);
        Gcc(args, "compiling " + Path.GetFileName(source));
        return obj;
    }

    /// <summary>A scratch folder of this run.</summary>
    public string Folder(string name)
    {
        string dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private string[] Kernels(CFlavor flavor) => _kernels.GetOrAdd(flavor, f => new Lazy<string[]>(() =>
    {
        string dir = Folder("kernels-" + f);
        return RepoPaths.KernelSources.Select(s => Compile(dir, s, CFlags.For(f))).ToArray();
    })).Value;

    internal static void Gcc(IEnumerable<string> args, string what) => ProcessRunner.Run(CFlags.Compiler, args, null, what);
}

/// <summary>A built model driver (test_main.c): PCM on stdin, codes or scores on stdout.</summary>
public sealed class ModelExecutable(string path, string name)
{
    public string Path { get; } = path;

    /// <summary>Codes of an encoder pushed <paramref name="framesPerPush"/> frames at a time.</summary>
    public ushort[] Encode(short[] pcm, int framesPerPush = 1)
    {
        var bytes = ProcessRunner.Run(Path, [framesPerPush.ToString(System.Globalization.CultureInfo.InvariantCulture)], TestSignals.Bytes(pcm), name);
        var codes = new ushort[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, codes, 0, codes.Length * 2);
        return codes;
    }

    /// <summary>Scores of a classifier for consecutive windows.</summary>
    public sbyte[] Classify(short[] pcm) =>
        ProcessRunner.Run(Path, [], TestSignals.Bytes(pcm), name).Select(b => (sbyte)b).ToArray();
}
