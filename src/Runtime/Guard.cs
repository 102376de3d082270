namespace NeuralAudio.Runtime;

/// <summary>Argument checks shared by the kernels: a short buffer fails with its name, not deep in a loop.</summary>
internal static class Guard
{
    public static void AtLeast(int actual, long required, string name)
    {
        if (actual < required)
            throw new ArgumentException($"{name} holds {actual} elements, the kernel needs {required}", name);
    }

    public static void Bias(int actual, int channels, string name)
    {
        if (actual != 0 && actual < channels)
            throw new ArgumentException($"{name} holds {actual} values for {channels} channels (pass an empty span for no bias)", name);
    }

    public static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive");
    }

    public static void Divides(int divisor, int value, string divisorName, string valueName)
    {
        if (divisor <= 0 || value % divisor != 0)
            throw new ArgumentException($"{divisorName} = {divisor} must divide {valueName} = {value}", divisorName);
    }

    public static void ActivationRange(int actMin, int actMax)
    {
        if (actMin < sbyte.MinValue || actMax > sbyte.MaxValue || actMin > actMax)
            throw new ArgumentException($"activation range [{actMin}, {actMax}] must lie within [-128, 127] and not be empty");
    }
}
