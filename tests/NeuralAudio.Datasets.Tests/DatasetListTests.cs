using NeuralAudio.Datasets.Tests.Infrastructure;
using NeuralAudio.Training.Datasets.Download;
using NeuralAudio.Training.Datasets.Inventory;

namespace NeuralAudio.Datasets.Tests;

/// <summary><c>datasets list</c>: dataset folders, file counts, durations and sample rates.</summary>
public sealed class DatasetListTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public DatasetListTests() => DatasetFolderFixture.Create(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Every_dataset_folder_is_found_and_hidden_work_folders_are_not()
    {
        var summaries = DatasetInventory.Scan(_root.Path);

        Assert.Equal(["ESC-50", "LibriSpeech/dev-clean", "xeno-canto"], summaries.Select(s => s.RelativePath));
        Assert.Equal("esc50", summaries[0].Marker?.Name);
        Assert.Equal("librispeech-dev-clean", summaries[1].Marker?.Name);
        Assert.Null(summaries[2].Marker);
    }

    [Fact]
    public void Esc50_figures_come_from_the_wav_headers()
    {
        var esc50 = DatasetInventory.Scan(_root.Path).Single(s => s.RelativePath == "ESC-50");

        Assert.Equal(3, esc50.AudioFiles);
        Assert.Equal(2, esc50.OtherFiles); // README.md, esc50.csv (the marker is hidden)
        Assert.Equal(1.5, esc50.TotalDuration.TotalSeconds, 3);
        Assert.Equal(new Dictionary<int, int> { [44100] = 3 }, esc50.SampleRates);
        Assert.Equal(new Dictionary<int, int> { [1] = 3 }, esc50.Channels);
    }

    [Fact]
    public void LibriSpeech_durations_come_from_the_flac_streaminfo()
    {
        var dev = DatasetInventory.Scan(_root.Path).Single(s => s.RelativePath == "LibriSpeech/dev-clean");

        Assert.Equal(2, dev.AudioFiles);
        Assert.Equal(3.0, dev.TotalDuration.TotalSeconds, 3);
        Assert.Equal(new Dictionary<int, int> { [16000] = 2 }, dev.SampleRates);
        Assert.Equal(new Dictionary<string, int> { ["flac"] = 2 }, dev.Formats);
    }

    [Fact]
    public void A_folder_without_a_marker_is_summarised_with_mp3_durations_and_unreadable_files_named()
    {
        var xc = DatasetInventory.Scan(_root.Path).Single(s => s.RelativePath == "xeno-canto");

        Assert.Equal(3, xc.AudioFiles);
        Assert.Equal(new Dictionary<int, int> { [16000] = 2, [22050] = 1 }, xc.SampleRates);
        Assert.Equal(new Dictionary<string, int> { ["mp3"] = 1, ["wav"] = 2 }, xc.Formats);
        Assert.InRange(xc.TotalDuration.TotalSeconds, 2.6, 2.7); // 1 s + 1 s + the 0.65 s MP3
        var broken = Assert.Single(xc.Unreadable);
        Assert.Contains("broken.wav", broken, StringComparison.Ordinal);
        Assert.Equal(1, xc.OtherFiles);
    }

    [Fact]
    public void A_missing_folder_is_one_clear_message()
    {
        var missing = Path.Combine(_root.Path, "nope");
        var failure = Assert.Throws<DatasetException>(() => DatasetInventory.Scan(missing));
        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
    }
}
