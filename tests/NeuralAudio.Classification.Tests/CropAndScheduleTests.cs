using NeuralAudio.Training.Classification;

namespace NeuralAudio.Classification.Tests;

/// <summary>The 10-crop test views, the training crops and the learning-rate schedule.</summary>
public sealed class CropAndScheduleTests
{
    [Theory]
    [InlineData(100000, 30225)]
    [InlineData(20000, 30225)]
    [InlineData(5000, 1000)]
    public void Ten_crops_are_evenly_spaced_and_cover_the_padded_clip(int clipLength, int inputLength)
    {
        var starts = TenCrop.Starts(clipLength, inputLength);
        int padded = clipLength + 2 * (inputLength / 2);
        int stride = (padded - inputLength) / 9;
        Assert.Equal(10, starts.Length);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * stride), starts);
        Assert.Equal(0, starts[0]);
        // The last crop ends within one stride-rounding of the end: every sample of the padded clip lies in a crop.
        Assert.InRange(padded - (starts[^1] + inputLength), 0, 8);
        for (int i = 1; i < 10; i++) Assert.True(starts[i] <= starts[i - 1] + inputLength, "no gap between neighbouring crops");
    }

    [Fact]
    public void Crops_hold_the_clip_divided_by_32768_between_half_input_zero_pads()
    {
        var clip = Enumerable.Range(1, 30000).Select(i => (short)i).ToArray();
        var crops = TenCrop.Crops(clip, 1000);
        Assert.Equal(10, crops.Length);
        Assert.All(crops, c => Assert.Equal(1000, c.Length));
        Assert.All(crops[0].Take(500), v => Assert.Equal(0, v)); // padding of input/2
        Assert.Equal(1 / 32768f, crops[0][500]);
        int stride = (30000 + 1000 - 1000) / 9;
        Assert.Equal((stride - 500 + 1) / 32768f, crops[1][0]);
    }

    [Fact]
    public void The_training_view_is_an_input_length_crop_of_the_padded_time_scaled_clip()
    {
        var clip = Enumerable.Range(0, 5000).Select(i => (short)(i % 2000 + 1)).ToArray();
        var view = ClipAugmentation.Preprocess(clip, 3000, maxScale: 1.0, new Random(2));
        Assert.Equal(3000, view.Length);
        Assert.All(view, v => Assert.InRange(v, 0, 2000 / 32768f));
        var scaled = ClipAugmentation.TimeScale(new short[] { 0, 100, 200 }, 2.0);
        Assert.Equal([0f, 50f, 100f, 150f, 200f, 200f], scaled); // linear interpolation, last sample held
    }

    [Fact]
    public void The_reference_schedule_warms_up_then_steps_down_at_600_1200_1800()
    {
        var schedule = new ClassifierTrainingOptions().Schedule;
        Assert.Equal([600, 1200, 1800], schedule.Milestones);
        Assert.Equal(0.01, schedule.At(1), 12);
        Assert.Equal(0.01, schedule.At(10), 12);
        Assert.Equal(0.1, schedule.At(11), 12);
        Assert.Equal(0.1, schedule.At(600), 12);
        Assert.Equal(0.01, schedule.At(601), 12);
        Assert.Equal(0.001, schedule.At(1201), 12);
        Assert.Equal(0.0001, schedule.At(2000), 12);
        Assert.Equal([30, 60, 90], new ClassifierTrainingOptions { Epochs = 100 }.Schedule.Milestones);
    }
}
