using NAudio.Wave;

namespace NeuralAudio.Datasets.Tests.Infrastructure;

/// <summary>Audio generated in the tests, plus the committed MP3 fixture.</summary>
public static class AudioFixtures
{
    /// <summary>
    /// A 0.6 s 440 Hz stereo tone encoded once with LAME 3.100 (`lame -b 48 --cbr`; LAME chose 22.05 kHz for that rate).
    /// Committed because tests must not depend on an encoder being installed.
    /// </summary>
    public static string Mp3Path => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tone-440hz-stereo-44k1.mp3");

    public static byte[] Mp3 => File.ReadAllBytes(Mp3Path);

    /// <summary>A 16-bit PCM sine-tone WAV file in memory.</summary>
    public static byte[] SineWav(int sampleRate, int channels, double seconds, double frequency = 440)
    {
        using var memory = new MemoryStream();
        using (var writer = new WaveFileWriter(new IgnoreDisposeStream(memory), new WaveFormat(sampleRate, 16, channels)))
        {
            int frames = (int)Math.Round(sampleRate * seconds);
            var samples = new float[frames * channels];
            for (int i = 0; i < frames; i++)
                for (int c = 0; c < channels; c++)
                    samples[i * channels + c] = (float)(0.5 * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
            writer.WriteSamples(samples, 0, samples.Length);
        }
        return memory.ToArray();
    }

    /// <summary>
    /// The header of a FLAC file (signature and STREAMINFO) announcing <paramref name="totalSamples"/> samples:
    /// enough for the inventory, which reads only STREAMINFO. No FLAC encoder is needed.
    /// </summary>
    public static byte[] FlacHeader(int sampleRate, int channels, int bitsPerSample, long totalSamples)
    {
        var bytes = new byte[4 + 4 + 34];
        "fLaC"u8.CopyTo(bytes);
        bytes[4] = 0x80; // last metadata block, type 0 (STREAMINFO)
        bytes[7] = 34;
        var s = bytes.AsSpan(8);
        s[0] = 0x10; s[2] = 0x10; // block sizes 4096
        s[10] = (byte)(sampleRate >> 12);
        s[11] = (byte)(sampleRate >> 4);
        s[12] = (byte)(((sampleRate & 0xF) << 4) | ((channels - 1) << 1) | ((bitsPerSample - 1) >> 4));
        s[13] = (byte)((((bitsPerSample - 1) & 0xF) << 4) | (int)((totalSamples >> 32) & 0xF));
        s[14] = (byte)(totalSamples >> 24);
        s[15] = (byte)(totalSamples >> 16);
        s[16] = (byte)(totalSamples >> 8);
        s[17] = (byte)totalSamples;
        return bytes;
    }

    private sealed class IgnoreDisposeStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
