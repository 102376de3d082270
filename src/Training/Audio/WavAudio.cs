using NAudio.Dsp;
using NAudio.Wave;

namespace NeuralAudio.Training.Audio;

/// <summary>Reads WAV files (NAudio) as mono float samples in [-1, 1] at a requested sample rate.</summary>
public static class WavAudio
{
    /// <summary>
    /// Every sample of <paramref name="path"/>, channels averaged to mono, resampled to <paramref name="sampleRate"/>
    /// (WDL resampler). Throws <see cref="AudioFileException"/> naming the file when it is missing, not a WAV file
    /// NAudio can decode, or shorter than its header says.
    /// </summary>
    public static float[] ReadMono(string path, int sampleRate)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        var (mono, rate) = ReadMonoNative(path);
        return rate == sampleRate ? mono : Resample(mono, rate, sampleRate);
    }

    /// <summary>
    /// Every sample of <paramref name="path"/>, channels averaged to mono, at the file's own sample rate (returned
    /// beside the samples). Same errors as <see cref="ReadMono"/>.
    /// </summary>
    public static (float[] Samples, int SampleRate) ReadMonoNative(string path)
    {
        if (!File.Exists(path)) throw new AudioFileException(path, $"audio file {path} does not exist");
        float[] mono;
        int rate;
        try
        {
            using var reader = new WaveFileReader(path);
            rate = reader.WaveFormat.SampleRate;
            int channels = reader.WaveFormat.Channels;
            if (rate <= 0 || channels <= 0)
                throw new AudioFileException(path, $"audio file {path} is corrupt: sample rate {rate}, {channels} channels");
            var samples = reader.ToSampleProvider();
            long frames = reader.SampleCount;
            if (frames > int.MaxValue / channels)
                throw new AudioFileException(path, $"audio file {path} is too long ({frames} frames)");
            var interleaved = new float[frames * channels];
            int read = 0;
            while (read < interleaved.Length)
            {
                int n = samples.Read(interleaved, read, interleaved.Length - read);
                if (n <= 0) break;
                read += n;
            }
            if (read < interleaved.Length)
                throw new AudioFileException(path,
                    $"audio file {path} is truncated: its header announces {frames} frames, the file holds {read / channels}");
            mono = new float[frames];
            for (long f = 0; f < frames; f++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++) sum += interleaved[f * channels + c];
                mono[f] = sum / channels;
            }
        }
        catch (AudioFileException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AudioFileException(path, $"audio file {path} is not a readable WAV file: {e.Message}", e);
        }
        foreach (var v in mono)
            if (!float.IsFinite(v)) throw new AudioFileException(path, $"audio file {path} holds non-finite samples");
        return (mono, rate);
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is a WAV file NAudio can decode and that its data fits in the file,
    /// without reading the samples. Throws <see cref="AudioFileException"/> naming the file.
    /// </summary>
    public static void Validate(string path)
    {
        if (!File.Exists(path)) throw new AudioFileException(path, $"audio file {path} does not exist");
        try
        {
            using var reader = new WaveFileReader(path);
            if (reader.WaveFormat.SampleRate <= 0 || reader.WaveFormat.Channels <= 0)
                throw new AudioFileException(path, $"audio file {path} is corrupt: sample rate {reader.WaveFormat.SampleRate}, {reader.WaveFormat.Channels} channels");
            _ = reader.ToSampleProvider(); // rejects encodings other than PCM and IEEE float
            if (reader.Length > new FileInfo(path).Length)
                throw new AudioFileException(path, $"audio file {path} is truncated: its header announces {reader.Length} data bytes, more than the file holds");
        }
        catch (AudioFileException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AudioFileException(path, $"audio file {path} is not a readable WAV file: {e.Message}", e);
        }
    }

    /// <summary>Resamples mono audio with NAudio's WDL resampler (the engine of WdlResamplingSampleProvider).</summary>
    public static float[] Resample(float[] input, int fromRate, int toRate)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (fromRate <= 0 || toRate <= 0) throw new ArgumentOutOfRangeException(nameof(fromRate), "sample rates must be positive");
        if (fromRate == toRate) return (float[])input.Clone();
        var resampler = new WdlResampler();
        resampler.SetMode(true, 2, false);
        resampler.SetFilterParms();
        resampler.SetFeedMode(false); // output driven: we ask for output frames, it says how much input it needs
        resampler.SetRates(fromRate, toRate);
        int total = (int)((long)input.Length * toRate / fromRate);
        var output = new float[total];
        int inPos = 0, outPos = 0, stalls = 0;
        while (outPos < total && stalls < 4)
        {
            int wanted = Math.Min(4096, total - outPos);
            int needed = resampler.ResamplePrepare(wanted, 1, out float[] inBuffer, out int inOffset);
            int available = Math.Min(needed, input.Length - inPos);
            Array.Copy(input, inPos, inBuffer, inOffset, available);
            inPos += available;
            if (available < needed) Array.Clear(inBuffer, inOffset + available, needed - available); // flush with silence at the end
            int produced = resampler.ResampleOut(output, outPos, needed, wanted, 1);
            outPos += produced;
            stalls = produced == 0 ? stalls + 1 : 0;
        }
        return output;
    }

    /// <summary>Writes mono float samples as a 16-bit PCM WAV file (tests and tools).</summary>
    public static void WriteMono16(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        using var writer = new WaveFileWriter(path, new WaveFormat(sampleRate, 16, 1));
        var bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            short s = (short)Math.Clamp(Math.Round(samples[i] * 32768.0), short.MinValue, short.MaxValue);
            bytes[2 * i] = (byte)s;
            bytes[2 * i + 1] = (byte)(s >> 8);
        }
        writer.Write(bytes, 0, bytes.Length);
    }
}
