namespace NeuralAudio.Runtime.Deploy;

/// <summary>
/// SplitMix64 with Box-Muller normals: the same sequence for a seed on every runtime and platform (unlike
/// <see cref="Random"/>, whose algorithm is not a documented contract).
/// </summary>
internal sealed class SeededRandom(int seed)
{
    private ulong _state = 0x9E3779B97F4A7C15ul * (ulong)(uint)seed + 0x2545F4914F6CDD1Dul;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15ul;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ul;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBul;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1ul << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Standard normal.</summary>
    public double Normal()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>n normals with standard deviation <paramref name="sigma"/>.</summary>
    public float[] Normals(int n, double sigma)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(sigma * Normal());
        return v;
    }
}
