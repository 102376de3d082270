using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using NeuralAudio.Training.Datasets.Download;
using NLayer;

namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>
/// Decodes an MP3 (NLayer) or WAV (NAudio), mixes it to mono, resamples it (NAudio's WDL resampler) and writes 16-bit
/// PCM WAV under a temporary name that is renamed to the destination only when the file is complete.
/// </summary>
public static class MonoWavConverter
{
    /// <summary>Converts <paramref name="sourcePath"/> to a mono 16-bit WAV at <paramref name="sampleRate"/>.</summary>
    /// <exception cref="CorruptAudioException">The input cannot be decoded or holds no audio; nothing is written.</exception>
    public static ConversionResult Convert(string sourcePath, string destinationPath, int sampleRate, CancellationToken cancellationToken)
    {
        using var input = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = new byte[4];
        int got = input.ReadAtLeast(header, 4, throwOnEndOfStream: false);
        input.Position = 0;
        if (got == 0) throw new CorruptAudioException("the file is empty");

        IDisposable decoder;
        ISampleProvider source;
        try
        {
            if (got == 4 && header.AsSpan().SequenceEqual("RIFF"u8))
            {
                var wav = new WaveFileReader(input);
                decoder = wav;
                source = wav.ToSampleProvider();
            }
            else
            {
                var mpeg = new MpegFile(input);
                decoder = mpeg;
                source = new MpegSampleProvider(mpeg);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CorruptAudioException($"not a decodable MP3 or WAV ({e.Message})", e);
        }

        using (decoder)
        {
            int sourceRate = source.WaveFormat.SampleRate;
            int sourceChannels = source.WaveFormat.Channels;
            if (sourceRate <= 0 || sourceChannels <= 0)
                throw new CorruptAudioException($"the header announces {sourceChannels} channels at {sourceRate} Hz");

            ISampleProvider mono = sourceChannels switch
            {
                1 => source,
                2 => new StereoToMonoSampleProvider(source) { LeftVolume = 0.5f, RightVolume = 0.5f },
                _ => new DownmixSampleProvider(source),
            };
            ISampleProvider output = sourceRate == sampleRate ? mono : new WdlResamplingSampleProvider(mono, sampleRate);

            string temp = AtomicFile.TempPathFor(destinationPath);
            try
            {
                long frames;
                using (var writer = new WaveFileWriter(temp, new WaveFormat(sampleRate, 16, 1)))
                    frames = Write(output, writer, sampleRate, cancellationToken);
                if (frames == 0) throw new CorruptAudioException("the file decodes to no audio");
                File.Move(temp, destinationPath, overwrite: true);
                return new ConversionResult(sourceRate, sourceChannels, frames, sampleRate);
            }
            catch
            {
                AtomicFile.TryDelete(temp);
                throw;
            }
        }
    }

    private static long Write(ISampleProvider output, WaveFileWriter writer, int sampleRate, CancellationToken ct)
    {
        var samples = new float[Math.Max(1024, sampleRate / 4)];
        var bytes = new byte[samples.Length * 2];
        long frames = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            int read;
            try
            {
                read = output.Read(samples, 0, samples.Length);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new CorruptAudioException($"decoding failed after {frames} samples ({e.Message})", e);
            }
            if (read <= 0) break;
            for (int i = 0; i < read; i++)
            {
                float s = Math.Clamp(samples[i], -1f, 1f);
                short v = (short)MathF.Round(s * short.MaxValue);
                bytes[2 * i] = (byte)v;
                bytes[2 * i + 1] = (byte)(v >> 8);
            }
            writer.Write(bytes, 0, read * 2);
            frames += read;
        }
        return frames;
    }
}
