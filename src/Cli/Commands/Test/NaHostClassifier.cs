using System.Diagnostics;
using System.Text.Json;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.Models;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Training.Audio;

namespace NeuralAudio.Cli.Commands.Test;

/// <summary>
/// The generated C of a classifier as an <see cref="IInt8Classifier"/>: its weights are emitted into a temporary
/// folder, <c>na_host</c> is built against them with CMake (targets/host), and each window is written as a 16-bit WAV
/// and classified by one <c>na_host</c> run. Slow per call, but it is exactly the C the device compiles.
/// </summary>
internal sealed class NaHostClassifier : IInt8Classifier, IDisposable
{
    private readonly string _folder;
    private readonly string _binary;
    private readonly string _model;
    private readonly int _sampleRate;
    private int _calls;

    private NaHostClassifier(string folder, string binary, string model, int inputSamples, int classes, int sampleRate)
    {
        _folder = folder; _binary = binary; _model = model; InputSamples = inputSamples; Classes = classes; _sampleRate = sampleRate;
    }

    public int InputSamples { get; }

    public int Classes { get; }

    /// <summary>Emits the weights, configures and builds na_host in a temporary folder.</summary>
    public static NaHostClassifier Build(ModelVariant variant, DeployGraph deploy, QuantizedModel model, int inputSamples, int classes, int sampleRate, TextWriter log)
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory) ?? RepositoryRoot.Find(Directory.GetCurrentDirectory())
            ?? throw new InvalidOperationException("--backend c needs the NeuralAudio repository (targets/host) to build na_host; run from inside it");
        var generated = Path.Combine(root, "targets", "host", "generated", CNames.SourceFile(deploy));
        if (!File.Exists(generated))
            throw new InvalidOperationException($"{variant.FullName} has no generated C ({generated}); --backend c works for declared variants only");
        var folder = Path.Combine(Path.GetTempPath(), "na-test-c-" + Guid.NewGuid().ToString("N")[..8]);
        var weights = Path.Combine(folder, "weights");
        Directory.CreateDirectory(weights);
        File.WriteAllText(Path.Combine(weights, CNames.WeightsFile(deploy)), CWeightsEmitter.Emit(deploy, model));
        var build = Path.Combine(folder, "build");
        log.WriteLine($"building na_host with the exported weights in {build} ...");
        Run("cmake", ["-S", Path.Combine(root, "targets", "host"), "-B", build, "-DNA_WEIGHTS_DIR=" + weights, "-DCMAKE_BUILD_TYPE=Release"]);
        Run("cmake", ["--build", build, "--target", "na_host", "-j", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return new NaHostClassifier(folder, Path.Combine(build, "na_host"), variant.FullName, inputSamples, classes, sampleRate);
    }

    public void Run(ReadOnlySpan<short> pcm, Span<sbyte> scores)
    {
        if (pcm.Length != InputSamples) throw new ArgumentException($"a window is {InputSamples} samples, got {pcm.Length}");
        var wav = Path.Combine(_folder, $"crop-{Interlocked.Increment(ref _calls)}.wav");
        var samples = new float[pcm.Length];
        for (int i = 0; i < pcm.Length; i++) samples[i] = pcm[i] / 32768f;
        WavAudio.WriteMono16(wav, samples, _sampleRate);
        var json = Run(_binary, ["--model", _model, wav]);
        File.Delete(wav);
        using var document = JsonDocument.Parse(json);
        int k = 0;
        foreach (var score in document.RootElement.GetProperty("scores").EnumerateArray()) scores[k++] = (sbyte)score.GetInt32();
    }

    private static string Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(" ", arguments)} failed ({process.ExitCode}): {stderr.Result.Trim()} {stdout.Result.Trim()}".Trim());
        return stdout.Result;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
