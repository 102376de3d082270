using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Datasets.XenoCanto;
using NLayer;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// Reads one training file as mono float samples at the model rate: WAV through NAudio (any PCM or float format,
/// truncation detected by <see cref="WavAudio"/>), MP3 through NLayer (the same decoder chain the Xeno-canto converter
/// uses). Channels are averaged; the rate is changed with NAudio's band-limited WDL resampler.
/// </summary>
public static class CodecAudioReader
{
    /// <summary>File extensions the codec data set picks up (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = new[] { ".wav", ".mp3" };

    /// <summary>
    /// Samples of <paramref name="path"/> at <paramref name="sampleRate"/>. Throws <see cref="AudioFileException"/>
    /// naming the file when it is empty, not decodable, truncated or holds no audio.
    /// </summary>
    public static float[] ReadMono(string path, int sampleRate)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new AudioFileException(path, $"audio file {path} does not exist");
        if (info.Length == 0) throw new AudioFileException(path, $"audio file {path} is empty (0 bytes)");
        float[] samples = IsRiff(path) ? WavAudio.ReadMono(path, sampleRate) : ReadMp3(path, sampleRate);
        if (samples.Length == 0) throw new AudioFileException(path, $"audio file {path} holds no audio samples");
        return samples;
    }

    private static bool IsRiff(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("RIFF"u8);
    }

    private static float[] ReadMp3(string path, int sampleRate)
    {
        if (!path.EndsWith(".mp3", StringComparison.OrdinalIgnoreCase))
            throw new AudioFileException(path, $"audio file {path} is not a WAV file (no RIFF header)");
        try
        {
            using var stream = File.OpenRead(path);
            using var mpeg = new MpegFile(stream);
            ISampleProvider source = new MpegSampleProvider(mpeg);
            int channels = source.WaveFormat.Channels, rate = source.WaveFormat.SampleRate;
            if (channels <= 0 || rate <= 0)
                throw new AudioFileException(path, $"audio file {path} is corrupt: {channels} channels at {rate} Hz");
            ISampleProvider mono = channels switch
            {
                1 => source,
                2 => new StereoToMonoSampleProvider(source) { LeftVolume = 0.5f, RightVolume = 0.5f },
                _ => new DownmixSampleProvider(source),
            };
            var decoded = new List<float>();
            var buffer = new float[16384];
            int n;
            while ((n = mono.Read(buffer, 0, buffer.Length)) > 0)
                decoded.AddRange(buffer.AsSpan(0, n));
            var samples = decoded.ToArray();
            foreach (var v in samples)
                if (!float.IsFinite(v)) throw new AudioFileException(path, $"audio file {path} decodes to non-finite samples");
            return rate == sampleRate ? samples : WavAudio.Resample(samples, rate, sampleRate);
        }
        catch (AudioFileException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AudioFileException(path, $"audio file {path} is not a decodable MP3: {e.Message}", e);
        }
    }
}
