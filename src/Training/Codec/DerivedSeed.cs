namespace NeuralAudio.Training.Codec;

/// <summary>
/// Seeds derived from (run seed, step, purpose) by a fixed mix (not <c>HashCode</c>, which is salted per process), so
/// every random choice of a step can be made again after a resume.
/// </summary>
internal static class DerivedSeed
{
    /// <summary>A 31-bit seed for <paramref name="seed"/>, <paramref name="index"/> and <paramref name="purpose"/>.</summary>
    public static int Of(int seed, long index, int purpose) => (int)(Mix(seed, index, purpose) & 0x7fffffff);

    /// <summary>A 63-bit seed (torch generators).</summary>
    public static long Long(int seed, long index, int purpose) => (long)(Mix(seed, index, purpose) & 0x7fffffffffffffff);

    private static ulong Mix(int seed, long index, int purpose)
    {
        // SplitMix64 finaliser over the three inputs.
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index * 0xBF58476D1CE4E5B9UL ^ (ulong)(uint)purpose * 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
