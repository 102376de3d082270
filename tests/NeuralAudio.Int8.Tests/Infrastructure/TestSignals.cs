namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>Deterministic test audio: noise plus two tones and a burst, about -12 dBFS, as int16 PCM.</summary>
public static class TestSignals
{
    public static short[] Pcm(int samples, int seed, int sampleRate = 16000)
    {
        var pcm = new short[samples];
        ulong state = 0x2545F4914F6CDD1Dul ^ (ulong)(uint)seed * 0x9E3779B97F4A7C15ul;
        double f1 = 220 + 37 * (seed % 7), f2 = 1234 + 101 * (seed % 5);
        for (int i = 0; i < samples; i++)
        {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            double noise = ((state >> 11) * (1.0 / (1ul << 53)) - 0.5) * 0.3;
            double t = (double)i / sampleRate;
            double burst = (i / 1500) % 5 == 2 ? 0.35 * Math.Sin(2 * Math.PI * 3000 * t) : 0;
            double x = noise + 0.2 * Math.Sin(2 * Math.PI * f1 * t) + 0.12 * Math.Sin(2 * Math.PI * f2 * t + 0.3) + burst;
            pcm[i] = (short)Math.Clamp(Math.Round(x * 32767), short.MinValue, short.MaxValue);
        }
        return pcm;
    }

    public static byte[] Bytes(short[] pcm)
    {
        var bytes = new byte[pcm.Length * 2];
        Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
