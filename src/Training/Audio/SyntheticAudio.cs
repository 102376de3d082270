namespace NeuralAudio.Training.Audio;

/// <summary>
/// Seeded test signals for calibration without a data set, and for tests: every clip mixes one to three of a
/// chirp (linear or exponential sweep), a harmonic tone with vibrato and a decaying envelope, and noise bursts,
/// over a faint noise floor, normalised to a random peak between -24 and -1 dBFS. Samples lie on the int16 grid
/// (k / 32768), so a float model and an int16-PCM int8 model see exactly the same input.
/// </summary>
public static class SyntheticAudio
{
    /// <summary><paramref name="count"/> clips of <paramref name="length"/> samples; the same seed gives the same clips.</summary>
    public static IReadOnlyList<float[]> Clips(int count, int length, int sampleRate, int seed)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "clip count cannot be negative");
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "clip length must be positive");
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        var clips = new List<float[]>(count);
        for (int i = 0; i < count; i++)
        {
            // One generator per clip, derived from the seed and the index, so clip i does not depend on the count.
            var random = new Random(unchecked(seed * 1_000_003 + i * 7_919 + 0x5eed)); // not HashCode: that is salted per process
            clips.Add(Clip(random, length, sampleRate));
        }
        return clips;
    }

    /// <summary>Samples in [-1, 1) as int16 PCM (x * 32768, rounded, saturated).</summary>
    public static short[] ToPcm16(ReadOnlySpan<float> samples)
    {
        var pcm = new short[samples.Length];
        for (int i = 0; i < samples.Length; i++)
            pcm[i] = (short)Math.Clamp(Math.Round(samples[i] * 32768.0, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue);
        return pcm;
    }

    private static float[] Clip(Random random, int length, int sampleRate)
    {
        var x = new double[length];
        int components = 1 + random.Next(3);
        for (int c = 0; c < components; c++)
        {
            switch (random.Next(3))
            {
                case 0: AddChirp(random, x, sampleRate); break;
                case 1: AddHarmonicTone(random, x, sampleRate); break;
                default: AddNoiseBursts(random, x); break;
            }
        }
        double floor = 1e-3 * random.NextDouble();
        for (int i = 0; i < length; i++) x[i] += floor * Gaussian(random);

        double peak = 0;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs(v));
        double targetDb = -24 + 23 * random.NextDouble();
        double gain = peak > 0 ? Math.Pow(10, targetDb / 20) / peak : 0;
        var clip = new float[length];
        for (int i = 0; i < length; i++)
        {
            double q = Math.Round(x[i] * gain * 32768.0, MidpointRounding.AwayFromZero);
            clip[i] = (float)(Math.Clamp(q, short.MinValue, short.MaxValue) / 32768.0);
        }
        return clip;
    }

    private static void AddChirp(Random random, double[] x, int sampleRate)
    {
        double nyquist = sampleRate / 2.0;
        double f0 = 40 + random.NextDouble() * nyquist * 0.5;
        double f1 = 40 + random.NextDouble() * nyquist * 0.9;
        bool exponential = random.Next(2) == 0;
        double amplitude = 0.3 + random.NextDouble();
        double seconds = (double)x.Length / sampleRate, phase = random.NextDouble() * 2 * Math.PI;
        for (int i = 0; i < x.Length; i++)
        {
            double t = (double)i / sampleRate, u = t / seconds;
            double f = exponential ? f0 * Math.Pow(f1 / f0, u) : f0 + (f1 - f0) * u;
            phase += 2 * Math.PI * f / sampleRate;
            x[i] += amplitude * Math.Sin(phase);
        }
    }

    private static void AddHarmonicTone(Random random, double[] x, int sampleRate)
    {
        double f0 = 60 + random.NextDouble() * 900;
        int harmonics = 1 + random.Next(8);
        double vibratoRate = 2 + random.NextDouble() * 5, vibratoDepth = random.NextDouble() * 0.02;
        double decay = random.NextDouble() * 4; // per second
        int start = random.Next(Math.Max(1, x.Length / 2));
        double amplitude = 0.3 + random.NextDouble();
        for (int h = 1; h <= harmonics; h++)
        {
            if (f0 * h >= sampleRate / 2.0) break;
            double a = amplitude / h, phase = random.NextDouble() * 2 * Math.PI;
            for (int i = start; i < x.Length; i++)
            {
                double t = (double)(i - start) / sampleRate;
                double f = f0 * h * (1 + vibratoDepth * Math.Sin(2 * Math.PI * vibratoRate * t));
                phase += 2 * Math.PI * f / sampleRate;
                double attack = Math.Min(1, t * 200);
                x[i] += a * attack * Math.Exp(-decay * t) * Math.Sin(phase);
            }
        }
    }

    private static void AddNoiseBursts(Random random, double[] x)
    {
        int bursts = 1 + random.Next(4);
        for (int b = 0; b < bursts; b++)
        {
            int length = Math.Max(1, (int)(x.Length * (0.02 + 0.3 * random.NextDouble())));
            int start = random.Next(Math.Max(1, x.Length - length));
            double amplitude = 0.2 + random.NextDouble();
            double smooth = random.NextDouble() * 0.95; // one-pole low-pass: colours the noise
            double y = 0;
            for (int i = 0; i < length && start + i < x.Length; i++)
            {
                double envelope = Math.Sin(Math.PI * i / length);
                y = smooth * y + (1 - smooth) * Gaussian(random);
                x[start + i] += amplitude * envelope * y;
            }
        }
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
