using NeuralAudio.Training.Classification;

namespace NeuralAudio.Classification.Tests;

/// <summary>ESC-50 / ESC-10 / CSV data sets: fold splits, ESC-10 relabelling, zero stripping and the load errors.</summary>
public sealed class DatasetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private void WriteEsc50(string csvBody, params string[] files)
    {
        Directory.CreateDirectory(_temp.File("meta"));
        Directory.CreateDirectory(_temp.File("audio"));
        File.WriteAllText(_temp.File("meta/esc50.csv"), "filename,fold,target,category,esc10,src_file,take\n" + csvBody);
        foreach (var f in files) Training.Audio.WavAudio.WriteMono16(_temp.File("audio/" + f), new float[] { 0, 0, 0.5f, -0.25f, 0.125f, 0, 0 }, 44100);
    }

    [Fact]
    public void Each_fold_split_keeps_every_clip_on_exactly_one_side()
    {
        SyntheticEsc50.Write(_temp.Path, clipsPerClass: 6, folds: 3, seconds: 0.05);
        var data = Esc50Dataset.Load(_temp.Path, ClassificationDatasetKind.Esc50);
        Assert.Equal([1, 2, 3], data.Folds);
        foreach (int fold in data.Folds)
        {
            var (train, test) = data.Split(fold);
            Assert.Empty(train.Select(c => c.FileName).Intersect(test.Select(c => c.FileName)));
            Assert.Equal(data.Clips.Count, train.Count + test.Count);
            Assert.All(test, c => Assert.Equal(fold, c.Fold));
            Assert.All(train, c => Assert.NotEqual(fold, c.Fold));
            Assert.Equal(10, test.Count); // 5 classes x 2 clips per fold
        }
        Assert.Equal(50, data.NumClasses);
        Assert.Equal([3], data.ParseFolds("3"));
        Assert.Equal([1, 2, 3], data.ParseFolds("all"));
    }

    [Fact]
    public void Esc10_keeps_the_marked_rows_and_relabels_their_targets_0_to_9()
    {
        WriteEsc50(
            "1-1-A-0.wav,1,0,dog,True,1,A\n1-2-A-14.wav,1,14,chirping_birds,False,2,A\n2-3-A-41.wav,2,41,chainsaw,True,3,A\n" +
            "3-4-A-10.wav,3,10,rain,True,4,A\n3-5-A-38.wav,3,38,clock_tick,True,5,A\n",
            "1-1-A-0.wav", "1-2-A-14.wav", "2-3-A-41.wav", "3-4-A-10.wav", "3-5-A-38.wav");
        var data = Esc50Dataset.Load(_temp.Path, ClassificationDatasetKind.Esc10);
        Assert.Equal(10, data.NumClasses);
        Assert.Equal(["1-1-A-0.wav", "2-3-A-41.wav", "3-4-A-10.wav", "3-5-A-38.wav"], data.Clips.Select(c => c.FileName));
        Assert.Equal([0, 9, 2, 7], data.Clips.Select(c => c.Label));
        Assert.Equal("chainsaw", data.ClassNames[9]);
        Assert.Equal("rain", data.ClassNames[2]);
        var (train, test) = data.Split(3);
        Assert.Equal(2, train.Count);
        Assert.Equal(2, test.Count);
    }

    [Fact]
    public void A_csv_data_set_reads_filename_fold_target_category_with_paths_under_audio()
    {
        Directory.CreateDirectory(_temp.File("audio/sub"));
        Training.Audio.WavAudio.WriteMono16(_temp.File("audio/sub/a.wav"), new float[] { 0.1f, 0.2f }, 16000);
        Training.Audio.WavAudio.WriteMono16(_temp.File("audio/b.wav"), new float[] { 0.1f, 0.2f }, 16000);
        File.WriteAllText(_temp.File("labels.csv"), "filename,fold,target,category\nsub/a.wav,1,0,knock\n\"b.wav\",2,2,\"door, slam\"\n");
        var data = Esc50Dataset.Load(_temp.Path, ClassificationDatasetKind.Csv);
        Assert.Equal(3, data.NumClasses);
        Assert.Equal(["knock", "", "door, slam"], data.ClassNames);
        Assert.Equal(Path.GetFullPath(_temp.File("audio/sub/a.wav")), data.Clips[0].Path);
    }

    [Fact]
    public void Loading_resamples_to_the_model_rate_and_strips_leading_and_trailing_zeros()
    {
        Directory.CreateDirectory(_temp.File("audio"));
        var samples = new float[400];
        for (int i = 100; i < 300; i++) samples[i] = 0.5f;
        Training.Audio.WavAudio.WriteMono16(_temp.File("audio/x.wav"), samples, 20000);
        var clip = new LabelledClip(_temp.File("audio/x.wav"), "x.wav", 1, 0, "x");
        var loaded = ClipAudio.Load([clip], 20000).Single();
        Assert.Equal(200, loaded.Samples.Length);
        Assert.All(loaded.Samples, s => Assert.Equal(16384, s));
        Assert.Equal(new short[] { 5, 0, 7 }, ClipAudio.Prepare(new float[] { 0, 0, 5 / 32768f, 0, 7 / 32768f, 0 }));
        Training.Audio.WavAudio.WriteMono16(_temp.File("audio/y.wav"), samples, 40000);
        var resampled = ClipAudio.Load([clip with { Path = _temp.File("audio/y.wav") }], 20000).Single();
        Assert.InRange(resampled.Samples.Length, 95, 110); // 200 samples at 40 kHz are 100 at 20 kHz (filter edges differ)
    }

    [Fact]
    public void A_missing_csv_is_one_clear_error_naming_it()
    {
        Directory.CreateDirectory(_temp.File("audio"));
        var e = Assert.Throws<ClassificationDataException>(() => Esc50Dataset.Load(_temp.Path, ClassificationDatasetKind.Esc50));
        Assert.Contains(Path.Combine(_temp.Path, "meta", "esc50.csv"), e.Message);
        Assert.Contains("does not exist", e.Message);
        var csv = Assert.Throws<ClassificationDataException>(() => Esc50Dataset.Load(_temp.Path, ClassificationDatasetKind.Csv));
        Assert.Contains("labels.csv", csv.Message);
    }

    [Fact]
    public void A_row_naming_a_missing_file_is_an_error_naming_the_row_and_the_file()
    {
        WriteEsc50("1-1-A-0.wav,1,0,dog,True,1,A\n1-9-A-3.wav,1,3,cow,False,9,A\n", "1-1-A-0.wav");
        var e = Assert.Throws<ClassificationDataException>(() => Esc50Dataset.Load(_temp.Path, ClassificationDatasetKind.Esc50));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("1-9-A-3.wav does not exist", e.Message);
    }

    [Fact]
    public void An_unreadable_audio_file_is_an_error_naming_it()
    {
        WriteEsc50("1-1-A-0.wav,1,0,dog,True,1,A\n1-2-A-1.wav,2,1,rooster,True,2,A\n", "1-1-A-0.wav");
        File.WriteAllText(_temp.File("audio/1-2-A-1.wav"), "this is not a wav file");
        var e = Assert.Throws<ClassificationDataException>(() => Esc50Dataset.Load(_temp.Path, ClassificationDatasetKind.Esc50));
        Assert.Contains("1-2-A-1.wav", e.Message);
        Assert.Contains("not a readable WAV", e.Message);
    }

    [Theory]
    [InlineData("filename,fold,category\nx.wav,1,dog\n", "no 'target' column")]
    [InlineData("filename,fold,target,category\nx.wav,one,0,dog\n", "line 2: fold 'one' is not a whole number")]
    [InlineData("filename,fold,target,category\nx.wav,1,-3,dog\n", "line 2: target '-3' is not a class number")]
    public void A_malformed_csv_names_the_line_and_the_problem(string csv, string expected)
    {
        File.WriteAllText(_temp.File("labels.csv"), csv);
        var e = Assert.Throws<ClassificationDataException>(() => Esc50Dataset.Load(_temp.Path, ClassificationDatasetKind.Csv));
        Assert.Contains(expected, e.Message);
        Assert.Contains("labels.csv", e.Message);
    }
}
