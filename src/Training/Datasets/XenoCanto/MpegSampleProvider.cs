using NAudio.Wave;
using NLayer;

namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>An NLayer <see cref="MpegFile"/> seen as an NAudio sample provider (interleaved float samples).</summary>
internal sealed class MpegSampleProvider : ISampleProvider
{
    private readonly MpegFile _file;

    public MpegSampleProvider(MpegFile file)
    {
        _file = file;
        WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(file.SampleRate, file.Channels);
    }

    public WaveFormat WaveFormat { get; }

    public int Read(float[] buffer, int offset, int count) => _file.ReadSamples(buffer, offset, count);
}
