namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>What a conversion read and wrote.</summary>
/// <param name="SourceSampleRate">Sample rate of the input.</param>
/// <param name="SourceChannels">Channels of the input.</param>
/// <param name="Frames">Samples written (mono).</param>
/// <param name="SampleRate">Sample rate written.</param>
public sealed record ConversionResult(int SourceSampleRate, int SourceChannels, long Frames, int SampleRate)
{
    /// <summary>Length of the written audio.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / SampleRate);
}
