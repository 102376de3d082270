using System.Diagnostics;
using NeuralAudio.Training.Codec;
using NeuralAudio.Datasets.Tests.Infrastructure;
using NeuralAudio.Training.Datasets.XenoCanto;

namespace NeuralAudio.CodecTraining.Tests;

/// <summary><c>neuralaudio train codec</c> run as a process, the way a user runs it.</summary>
public class TrainCodecCommandTests
{
    private static string[] Args(string audio, string checkpoints, string logs, params string[] more) =>
        new[] { "train", "codec", "--model", "tinystream", "--config", "ultra_tiny", "--audio-dir", audio, "--checkpoint-dir", checkpoints,
                "--log-dir", logs, "--batch-size", "2", "--audio-length", "0.25", "--disc-width", "0.25", "--run-name", "t" }.Concat(more).ToArray();

    [Fact]
    public void A_xeno_canto_folder_trains_directly_and_its_checkpoint_loads_for_inference()
    {
        using var dir = new TempFolder();
        var birds = dir.Folder("xeno-canto");
        // `datasets xeno-canto` against a local look-alike of the API: XC<id>.wav, attribution.csv and .incoming/.
        using var server = new FixtureServer();
        var api = new FakeXenoCanto(server);
        var mp3 = File.ReadAllBytes(TrainingFixtures.Mp3Path);
        api.AddPage(api.Recording("1001", "Parus", "major", "Great Tit", "A. Recordist", mp3),
                    api.Recording("1002", "Turdus", "merula", "Common Blackbird", "B. Recordist", mp3));
        var download = CliRunner.Run("datasets", "xeno-canto", "--query", "grp:birds", "--max", "2", "--dest", birds,
            "--api-url", api.BaseUrl.ToString(), "--api-key", FakeXenoCanto.Key, "--requests-per-second", "0");
        Assert.True(download.ExitCode == 0, download.StdErr + download.StdOut);
        Assert.True(File.Exists(Path.Combine(birds, "attribution.csv")));
        // An interrupted later download leaves a partial file behind; training must not read it.
        Directory.CreateDirectory(Path.Combine(birds, XenoCantoDownloader.IncomingFolder));
        File.WriteAllText(Path.Combine(birds, XenoCantoDownloader.IncomingFolder, "XC1003.download"), "partial");

        var r = CliRunner.Run(Args(birds, dir.File("ck"), dir.File("logs"), "--steps", "2", "--disc-warmup-steps", "1"));
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        Assert.Contains("2 file(s)", r.StdOut);
        Assert.Contains("0 skipped", r.StdOut);
        var checkpoint = CheckpointRotation.PathFor(dir.File("ck"), "t", 2);
        Assert.True(File.Exists(checkpoint), r.StdOut);
        Assert.True(File.Exists(dir.File("ck/t_config.json")));
        Assert.NotEmpty(Directory.GetFiles(dir.File("logs/t"), "events.out.tfevents.*"));
        using var inference = CodecInference.Load(checkpoint);
        Assert.Equal(16000, inference.SampleRate);
    }

    [Fact]
    public void Bad_files_are_skipped_with_a_warning_each_and_a_count_in_the_summary()
    {
        using var dir = new TempFolder();
        var audio = dir.Folder("audio");
        TrainingFixtures.WriteWavs(audio, 2, 0.5);
        var whole = File.ReadAllBytes(Path.Combine(audio, "clip1.wav"));
        File.WriteAllBytes(Path.Combine(audio, "clip1.wav"), whole[..(whole.Length - 3000)]); // truncated: header says more
        File.WriteAllBytes(Path.Combine(audio, "zero.wav"), []);
        File.WriteAllText(Path.Combine(audio, "fake.wav"), "<html>not audio</html>");

        var r = CliRunner.Run(Args(audio, dir.File("ck"), dir.File("logs"), "--steps", "1"));
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        var warnings = r.StdErr.Split('\n').Where(l => l.StartsWith("warning: skipped")).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("clip1.wav") && w.Contains("truncated"));
        Assert.Contains(warnings, w => w.Contains("zero.wav"));
        Assert.Contains(warnings, w => w.Contains("fake.wav"));
        Assert.Contains("1 used, 3 skipped", r.StdOut);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("only-bad")]
    public void A_folder_without_usable_audio_fails_clearly_and_writes_nothing(string kind)
    {
        using var dir = new TempFolder();
        var audio = dir.Folder("audio");
        if (kind == "only-bad")
        {
            File.WriteAllBytes(Path.Combine(audio, "zero.wav"), []);
            File.WriteAllText(Path.Combine(audio, "fake.wav"), "not audio");
        }
        var r = CliRunner.Run(Args(audio, dir.File("ck"), dir.File("logs"), "--steps", "1"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error: ", r.StdErr);
        Assert.Contains(audio, r.StdErr);
        Assert.False(Directory.Exists(dir.File("ck")), "a checkpoint folder was created");
        Assert.False(Directory.Exists(dir.File("logs")), "a log folder was created");
    }

    [Fact]
    public void Resuming_another_structure_is_refused_without_writing()
    {
        using var dir = new TempFolder();
        var audio = dir.Folder("audio");
        TrainingFixtures.WriteWavs(audio, 1, 0.5);
        var first = CliRunner.Run(Args(audio, dir.File("ck"), dir.File("logs"), "--steps", "1", "--disc-warmup-steps", "5"));
        Assert.True(first.ExitCode == 0, first.StdErr);
        var checkpoint = CheckpointRotation.PathFor(dir.File("ck"), "t", 1);
        var before = dir.Files();
        var r = CliRunner.Run(Args(audio, dir.File("ck"), dir.File("logs"), "--steps", "2", "--resume", checkpoint, "--C", "8"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("was trained for tinystream/ultra_tiny", r.StdErr);
        Assert.Equal(before, dir.Files());
    }

    /// <summary>True when this process ignores SIGINT (bit 1 of SigIgn in /proc/self/status), as its children will.</summary>
    private static bool SigIntIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:"));
        return line != null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }

    [Fact]
    public async Task Ctrl_c_saves_a_checkpoint_before_exiting()
    {
        using var dir = new TempFolder();
        var audio = dir.Folder("audio");
        TrainingFixtures.WriteWavs(audio, 2, 0.5);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "neuralaudio.dll"));
        foreach (var a in Args(audio, dir.File("ck"), dir.File("logs"), "--steps", "100000", "--disc-warmup-steps", "100000")) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) != null && !line.StartsWith("step ")) { }
        Assert.NotNull(line); // the first step's progress line
        // A background job of a non-interactive shell starts with SIGINT ignored, and the child inherits that: no
        // Ctrl-C could reach it. SIGTERM takes the same path in the session, so send that there.
        string signal = SigIntIgnored() ? "-TERM" : "-INT";
        using (var kill = Process.Start("kill", [signal, process.Id.ToString()])) kill.WaitForExit();
        var restTask = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"train codec did not stop within 120 s of kill {signal}");
        }
        var rest = await restTask;
        Assert.Equal(TrainCodecCommandExitCodes.Interrupted, process.ExitCode);
        var saved = CheckpointRotation.List(dir.File("ck"), "t");
        Assert.Single(saved);
        Assert.True(saved[0].Step >= 1);
        Assert.Contains("--resume", await stderr);
        Assert.Contains(saved[0].Path, rest);
        Assert.Empty(Directory.GetFiles(dir.File("ck"), ".*")); // no temp file left
    }
}

internal static class TrainCodecCommandExitCodes
{
    public const int Interrupted = 130;
}
