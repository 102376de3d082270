using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace NeuralAudio.Classification.Tests;

/// <summary>
/// It learns: the real Micro-ACDNet trained through <c>neuralaudio train classifier</c> on a synthetic ESC-50-layout data
/// set (5 classes, 20 clips each, 3 folds) reaches 90 % 10-crop accuracy on the held-out fold, and
/// <c>neuralaudio test classifier --int8</c> finds the int8 model within 2 points of it, predicting float's class on at
/// least 99 % of the clips.
/// </summary>
public sealed class LearningTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Epochs of the run (shortened protocol: the test has a CPU budget of a few minutes).</summary>
    internal static readonly string Epochs = Environment.GetEnvironmentVariable("NA_LEARN_EPOCHS") ?? "20";

    [Fact]
    public void Micro_acdnet_learns_five_synthetic_classes_to_90_percent_and_int8_stays_within_2_points()
    {
        string data = _temp.File("data"), checkpoints = _temp.File("ck"), report = _temp.File("report.html");
        SyntheticEsc50.Write(data, clipsPerClass: 20, folds: 3);
        var train = CliRunner.Run(TimeSpan.FromMinutes(5), "train", "classifier", "--model", "micro-acdnet/esc10", "--dataset", "csv",
            "--csv", Path.Combine(data, "meta", "esc50.csv"), "--data-root", data, "--fold", "3",
            "--epochs", Epochs, "--batch-size", "16", "--warmup-epochs", "1", "--lr-milestones", "12,17",
            "--eval-every", Environment.GetEnvironmentVariable("NA_LEARN_EVAL") ?? Epochs, "--checkpoint-dir", checkpoints, "--seed", "1");
        output.WriteLine(train.StdOut + train.StdErr);
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("final accuracy:", train.StdOut);

        var test = CliRunner.Run(TimeSpan.FromMinutes(3), "test", "classifier", "--checkpoint", Path.Combine(checkpoints, "fold-3", "last.nackpt"),
            "--data-root", data, "--int8", "--report", report);
        output.WriteLine(test.StdOut + test.StdErr);
        Assert.Equal(0, test.ExitCode);
        var match = Regex.Match(test.StdOut, @"accuracy: float ([\d.]+) % \((\d+)/(\d+)\)\s+int8 \(csharp\) ([\d.]+) %");
        Assert.True(match.Success, test.StdOut);
        double floatAccuracy = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        double int8Accuracy = double.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture);
        Assert.Equal("30", match.Groups[3].Value); // clips 2, 5, ..., 17 of each class are fold 3: 6 x 5 classes
        var agreement = Regex.Match(test.StdOut, @"int8 top-1 = float top-1: ([\d.]+) % \((\d+)/(\d+)\)");
        Assert.True(agreement.Success, test.StdOut);
        double agreed = double.Parse(agreement.Groups[1].Value, CultureInfo.InvariantCulture);
        output.WriteLine($"10-crop accuracy on the held-out fold: float {floatAccuracy:0.00} %, int8 {int8Accuracy:0.00} %; int8 top-1 = float top-1 on {agreed:0.00} % of clips");
        Assert.True(floatAccuracy >= 90, $"float accuracy {floatAccuracy} % is below 90 %");
        Assert.True(Math.Abs(int8Accuracy - floatAccuracy) <= 2, $"int8 accuracy {int8Accuracy} % is more than 2 points from float {floatAccuracy} %");
        // Issue 3's int8 target on a trained checkpoint: top-1 equal to float's on at least 99 % of inputs.
        Assert.True(agreed >= 99, $"int8 top-1 equals float top-1 on only {agreed} % of clips");

        var html = File.ReadAllText(report);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("low_tone", html);
        Assert.DoesNotContain("src=\"http", html);
    }
}
