using System.Text;
using NeuralAudio.Host.Tests.Infrastructure;

namespace NeuralAudio.Host.Tests;

/// <summary>One golden vector: a WAV under targets/host/tests/golden and the JSON the C# runner gives for it.</summary>
public sealed record Golden(string Name, string Model, Func<int, short[]> Signal, double Seconds, WavLayout Layout)
{
    public string WavPath => Path.Combine(RepoPaths.Goldens, Name + ".wav");

    public string JsonPath => Path.Combine(RepoPaths.Goldens, Name + ".json");

    public int SampleRate => SeededGraphs.Graph(Model).Source.SampleRate;

    public byte[] Wav() => Infrastructure.Wav.Write(Signal(SampleRate), SampleRate, Layout);

    public override string ToString() => Name;
}

/// <summary>
/// The golden vectors of the CTest suite (targets/host/tests), their generator and their checks. The WAVs are tiny and
/// deterministic (integer-only signals); the JSON is what <see cref="Infrastructure.SeededGraphs"/> (the C#
/// DeployGraphRunner on the seeded weights) prints for them, which CTest requires of na_host byte for byte.
/// Regenerate after a change to the seeded weights, the kernels or a golden graph's structure:
/// <c>NEURALAUDIO_UPDATE_GOLDENS=1 dotnet test tests/NeuralAudio.Host.Tests --filter FullyQualifiedName~GoldenTests</c>.
/// </summary>
public static class Goldens
{
    public const string UpdateVariable = "NEURALAUDIO_UPDATE_GOLDENS";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    private static int Samples(double seconds, int rate) => (int)Math.Round(seconds * rate);

    /// <summary>0.5 s clips for two TinyStream configs (not a whole number of hops: the last partial frame is dropped), 1.51 s for Micro-ACDNet (just short of its window: zero-padded).</summary>
    public static readonly Golden[] All =
    [
        new("tinystream_ultra_tiny-chirp", "tinystream/ultra_tiny", rate => Signals.Chirp(Samples(0.5, rate), rate, 100, 6000, 0.5), 0.5, WavLayout.Plain),
        new("tinystream_tiny-mix", "tinystream/tiny", rate => Signals.Mix(Samples(0.5, rate), rate, seed: 3), 0.5, new WavLayout { OddListChunk = true }),
        new("micro_acdnet_esc50-mix", "micro-acdnet/esc50", rate => Signals.Mix(Samples(1.51, rate), rate, seed: 5, burstPeriod: 4000), 1.51, WavLayout.Plain),
        new("micro_acdnet_esc10-chirp", "micro-acdnet/esc10", rate => Signals.Chirp(Samples(1.51, rate), rate, 200, 8000, 0.4), 1.51, new WavLayout { Extensible = true }),
    ];

    /// <summary>Inputs na_host must reject, with the message CTest expects.</summary>
    public static readonly (string Name, Func<byte[]> Bytes)[] BadInputs =
    [
        ("rate_8000.wav", () => Wav.Write(Signals.Mix(800, 8000, seed: 1), 8000)),
        ("truncated.wav", () => Wav.Write(Signals.Mix(4000, 16000, seed: 2), 16000, new WavLayout { TruncateDataTo = 1000 })),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var g in All) data.Add(g.Name);
        return data;
    }

    public static Golden Get(string name) => All.Single(g => g.Name == name);

    /// <summary>
    /// Compares <paramref name="expected"/> with the committed file; when updating, writes it instead (only if it
    /// differs). Returns an error message, or null.
    /// </summary>
    public static string? CheckOrUpdate(string path, byte[] expected)
    {
        bool same = File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(expected);
        if (same) return null;
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, expected);
            return null;
        }
        return $"{path} is {(File.Exists(path) ? "out of date" : "missing")}; regenerate the goldens with {UpdateVariable}=1 dotnet test tests/NeuralAudio.Host.Tests --filter FullyQualifiedName~GoldenTests";
    }
}

public sealed class GoldenTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Goldens.Names), MemberType = typeof(Goldens))]
    public void GoldenWav_IsTheGeneratorsOutput(string name)
    {
        var golden = Goldens.Get(name);
        Assert.Null(Goldens.CheckOrUpdate(golden.WavPath, golden.Wav()));
    }

    [Theory]
    [MemberData(nameof(Goldens.Names), MemberType = typeof(Goldens))]
    public void GoldenJson_IsWhatTheCSharpRunnerGivesForTheGoldenWav(string name)
    {
        var golden = Goldens.Get(name);
        var (rate, pcm) = Wav.Read(golden.Wav());
        Assert.Equal(golden.SampleRate, rate);
        string json = SeededGraphs.RunnerJson(golden.Model, pcm);
        output.WriteLine(json.Length > 400 ? json[..400] + "..." : json);
        Assert.Null(Goldens.CheckOrUpdate(golden.JsonPath, Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void BadInputsAndTheGoldenSeed_AreTheGeneratorsOutput()
    {
        foreach (var (name, bytes) in Goldens.BadInputs)
            Assert.Null(Goldens.CheckOrUpdate(Path.Combine(RepoPaths.BadInputs, name), bytes()));
        Assert.Null(Goldens.CheckOrUpdate(Path.Combine(RepoPaths.Goldens, "seed.txt"), Encoding.ASCII.GetBytes(SeededGraphs.Seed + "\n")));
    }

    [Fact]
    public void EveryCommittedGolden_IsDeclared()
    {
        var declared = Goldens.All.SelectMany(g => new[] { g.Name + ".wav", g.Name + ".json" }).Append("seed.txt").Order().ToArray();
        var committed = Directory.GetFiles(RepoPaths.Goldens).Select(f => Path.GetFileName(f)).Order().ToArray();
        if (Goldens.Updating)
            foreach (var stale in committed.Except(declared)) File.Delete(Path.Combine(RepoPaths.Goldens, stale));
        else
            Assert.Equal(declared, committed);
    }
}
