namespace NeuralAudio.Host.Tests.Infrastructure;

/// <summary>
/// Deterministic test audio in integer arithmetic only (a parabolic sine from a 32-bit phase accumulator, xorshift
/// noise), so the same samples come out on every platform and runtime.
/// </summary>
public static class Signals
{
    /// <summary>A sine-like wave of the 16-bit phase (0..65535 = one period), amplitude 32768.</summary>
    private static int Parabola(uint phase)
    {
        int t = (short)(phase >> 16); // -32768..32767, half a period each side
        return (int)(((long)t * (32768 - Math.Abs(t))) >> 13);
    }

    private static uint Increment(double hz, int sampleRate) => (uint)Math.Round(hz / sampleRate * 4294967296.0);

    private static short Clamp(long v) => (short)Math.Clamp(v, short.MinValue, short.MaxValue);

    /// <summary>A linear chirp from <paramref name="fromHz"/> to <paramref name="toHz"/> at <paramref name="level"/> (0..1 of full scale).</summary>
    public static short[] Chirp(int samples, int sampleRate, double fromHz, double toHz, double level)
    {
        var pcm = new short[samples];
        uint phase = 0, step = Increment(fromHz, sampleRate);
        long delta = ((long)Increment(toHz, sampleRate) - step) / Math.Max(1, samples - 1);
        int amp = (int)(level * 32767);
        for (int i = 0; i < samples; i++)
        {
            pcm[i] = Clamp(((long)Parabola(phase) * amp) >> 15);
            phase += step;
            step = (uint)(step + delta);
        }
        return pcm;
    }

    /// <summary>Two tones, noise and bursts of a third tone every <paramref name="burstPeriod"/> samples; about -12 dBFS.</summary>
    public static short[] Mix(int samples, int sampleRate, int seed, int burstPeriod = 1600)
    {
        var pcm = new short[samples];
        uint state = 0x9E3779B9u ^ (uint)seed * 0x85EBCA6Bu;
        if (state == 0) state = 1;
        uint p1 = 0, p2 = 0, p3 = 0;
        uint s1 = Increment(180 + 41 * (seed % 7), sampleRate), s2 = Increment(1100 + 97 * (seed % 5), sampleRate), s3 = Increment(3100, sampleRate);
        for (int i = 0; i < samples; i++)
        {
            state ^= state << 13; state ^= state >> 17; state ^= state << 5;
            long noise = (int)(state >> 16) - 32768;                 // uniform +-32768
            long v = ((long)Parabola(p1) * 7000 >> 15) + ((long)Parabola(p2) * 4000 >> 15) + (noise * 2500 >> 15);
            if (i / burstPeriod % 3 == 1) v += (long)Parabola(p3) * 9000 >> 15;
            pcm[i] = Clamp(v);
            p1 += s1; p2 += s2; p3 += s3;
        }
        return pcm;
    }
}
