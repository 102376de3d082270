using NeuralAudio.Datasets.Tests.Infrastructure;

namespace NeuralAudio.Classification.Tests;

/// <summary>
/// The train / test classifier commands as a user runs them: bad input gives one clear message and a non-zero exit,
/// and an ESC-50 folder installed by <c>datasets download</c> trains as it is.
/// </summary>
public sealed class CommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string TinyData()
    {
        var root = _temp.File("data");
        SyntheticEsc50.Write(root, clipsPerClass: 3, folds: 3, seconds: 0.05);
        return root;
    }

    private static void AssertFails(CliRunner.Result result, params string[] expected)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        foreach (var e in expected) Assert.Contains(e, result.StdErr);
    }

    [Fact]
    public void Train_classifier_names_a_missing_data_root_or_metadata_file()
    {
        var missing = _temp.File("nowhere");
        AssertFails(CliRunner.Run("train", "classifier", "--data-root", missing), $"data root {missing} does not exist");
        Directory.CreateDirectory(_temp.File("empty"));
        AssertFails(CliRunner.Run("train", "classifier", "--data-root", _temp.File("empty"), "--dataset", "esc10"),
            Path.Combine(_temp.File("empty"), "meta", "esc50.csv"), "does not exist");
    }

    [Fact]
    public void Train_classifier_rejects_bad_options_each_with_one_message()
    {
        var data = TinyData();
        var ck = _temp.File("ck");
        AssertFails(CliRunner.Run("train", "classifier", "--data-root", data, "--fold", "7", "--checkpoint-dir", ck), "has no fold 7 (folds: 1, 2, 3)");
        AssertFails(CliRunner.Run("train", "classifier", "--data-root", data, "--fold", "two", "--checkpoint-dir", ck), "--fold must be a fold number or 'all'");
        AssertFails(CliRunner.Run("train", "classifier", "--data-root", data, "--epochs", "0", "--checkpoint-dir", ck), "--epochs must be at least 1");
        AssertFails(CliRunner.Run("train", "classifier", "--data-root", data, "--mixup", "--no-mixup", "--checkpoint-dir", ck), "--mixup and --no-mixup");
        AssertFails(CliRunner.Run("train", "classifier", "--data-root", data, "--model", "nosuch", "--checkpoint-dir", ck), "no model 'nosuch'");
        AssertFails(CliRunner.Run("train", "classifier", "--data-root", data, "--model", "micro-acdnet/esc10", "--checkpoint-dir", ck), "outputs 10 classes, but the data set has 50");
        Assert.False(Directory.Exists(ck), "nothing is written when the options are bad");
    }

    [Fact]
    public void Train_classifier_refuses_to_overwrite_a_fold_without_resume_and_test_names_a_missing_checkpoint()
    {
        var data = TinyData();
        var ck = _temp.File("ck");
        string[] train = ["train", "classifier", "--data-root", data, "--dataset", "csv", "--csv", Path.Combine(data, "meta", "esc50.csv"), "--fold", "1",
            "--epochs", "1", "--batch-size", "2", "--warmup-epochs", "0", "--checkpoint-dir", ck, "--no-log"];
        var first = CliRunner.Run(train);
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("micro-acdnet/5class", first.StdOut); // 5 classes: Micro-ACDNet rebuilt with a 5-way head
        Assert.Contains("best accuracy:", first.StdOut);
        AssertFails(CliRunner.Run(train), Path.Combine(ck, "fold-1", "last.nackpt"), "--resume");
        var resumed = CliRunner.Run([.. train, "--resume"]);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("fold 1: already complete (1 epochs)", resumed.StdOut);

        var missing = _temp.File("none.nackpt");
        AssertFails(CliRunner.Run("test", "classifier", "--checkpoint", missing, "--data-root", data), $"checkpoint {missing} does not exist");
        var report = _temp.File("r.html");
        var test = CliRunner.Run("test", "classifier", "--checkpoint", Path.Combine(ck, "fold-1", "last.nackpt"), "--data-root", data, "--report", report);
        Assert.True(test.ExitCode == 0, test.StdErr);
        Assert.Contains("accuracy:", test.StdOut);
        Assert.Contains("(5 clips)", test.StdOut);
        Assert.True(File.Exists(report));
        AssertFails(CliRunner.Run("test", "classifier", "--checkpoint", Path.Combine(ck, "fold-1", "last.nackpt"), "--data-root", data, "--fold", "9"), "has no fold 9");
    }

    [Fact]
    public void An_esc50_folder_installed_by_datasets_download_trains_directly()
    {
        using var server = new FixtureServer();
        server.MapFile("/esc50/master.zip", ArchiveFixtures.Zip(ArchiveFixtures.Esc50Files()));
        var dest = _temp.File("datasets");
        var download = CliRunner.Run("datasets", "download", "--esc50", "--esc50-url", server.Url("esc50/master.zip").ToString(),
            "--trust-on-first-download", "--dest", dest);
        Assert.True(download.ExitCode == 0, download.StdOut + download.StdErr);

        var ck = _temp.File("ck");
        var train = CliRunner.Run("train", "classifier", "--dataset", "esc50", "--data-root", Path.Combine(dest, "ESC-50"), "--fold", "2",
            "--epochs", "1", "--batch-size", "2", "--warmup-epochs", "0", "--checkpoint-dir", ck);
        Assert.True(train.ExitCode == 0, train.StdOut + train.StdErr);
        Assert.Contains("micro-acdnet/esc50 on esc50 (3 clips, 50 classes, folds 1,2)", train.StdOut);
        Assert.True(File.Exists(Path.Combine(ck, "fold-2", "last.nackpt")));
        Assert.True(File.Exists(Path.Combine(ck, "fold-2", "best.nackpt")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(ck, "tensorboard", "fold-2")));
    }
}
