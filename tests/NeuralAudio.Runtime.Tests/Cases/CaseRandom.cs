namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>Seeded random values shaped like what the exporter produces, plus adversarial requantisation.</summary>
internal sealed class CaseRandom(int seed)
{
    private readonly Random random = new(seed);

    /// <summary>Uniform in [lo, hi], both inclusive.</summary>
    public int Int(int lo, int hi) => (int)random.NextInt64(lo, (long)hi + 1);

    public bool Chance(double p) => random.NextDouble() < p;

    public double Uniform(double lo, double hi) => lo + (hi - lo) * random.NextDouble();

    public T Pick<T>(params T[] items) => items[random.Next(items.Length)];

    /// <summary>Log-uniform in [lo, hi].</summary>
    public float LogUniform(double lo, double hi) => (float)Math.Exp(Uniform(Math.Log(lo), Math.Log(hi)));

    public sbyte[] S8(int n, int lo = sbyte.MinValue, int hi = sbyte.MaxValue)
    {
        var v = new sbyte[n];
        for (int i = 0; i < n; i++) v[i] = (sbyte)Int(lo, hi);
        return v;
    }

    /// <summary>Symmetric int8 weights in [-127, 127].</summary>
    public sbyte[] Weights(int n) => S8(n, -127, 127);

    public int[] Ints(int n, int lo, int hi)
    {
        var v = new int[n];
        for (int i = 0; i < n; i++) v[i] = Int(lo, hi);
        return v;
    }

    public float[] Scales(int n, double lo, double hi)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = LogUniform(lo, hi);
        return v;
    }

    /// <summary>A plausible activation quantisation: scale 0.005..0.2, zero point within +-40.</summary>
    public ActivationQuantization Activation() => new(LogUniform(0.005, 0.2), Int(-40, 40));

    /// <summary>The clamp of a layer: no activation, a fused ReLU, or (rarely) an arbitrary sub-range.</summary>
    public (int ActMin, int ActMax) ActRange(ActivationQuantization output)
    {
        double u = random.NextDouble();
        if (u < 0.5) return ActivationQuantization.FullRange;
        if (u < 0.85) return output.ReluRange;
        int lo = Int(-128, 100);
        return (lo, Int(lo, 127));
    }

    /// <summary>Any multiplier: mostly the normal [2^30, 2^31) range, sometimes the edges of int32.</summary>
    public int AdversarialMultiplier()
    {
        double u = random.NextDouble();
        if (u < 0.8) return Int(1 << 30, int.MaxValue);
        return Pick(0, 1, 1 << 30, int.MaxValue, int.MinValue, -(1 << 30), Int(int.MinValue, -1), Int(0, 1 << 30));
    }

    /// <summary>Any shift in [-31, 31], mostly the realistic [-24, 2].</summary>
    public int AdversarialShift() => Chance(0.85) ? Int(-24, 2) : Int(-31, 31);

    public int[] AdversarialMultipliers(int n) => Enumerable.Range(0, n).Select(_ => AdversarialMultiplier()).ToArray();

    public int[] AdversarialShifts(int n) => Enumerable.Range(0, n).Select(_ => AdversarialShift()).ToArray();

    /// <summary>A divisor of n, chosen uniformly.</summary>
    public int Divisor(int n)
    {
        var d = Enumerable.Range(1, n).Where(x => n % x == 0).ToArray();
        return d[random.Next(d.Length)];
    }
}
