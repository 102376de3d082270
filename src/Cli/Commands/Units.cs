using System.Globalization;

namespace NeuralAudio.Cli.Commands;

/// <summary>Human-readable counts (k, M, G) and byte sizes (KiB, MiB) with invariant formatting.</summary>
public static class Units
{
    public static string Count(double value) => value switch
    {
        >= 1e9 => (value / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " G",
        >= 1e6 => (value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 1e3 => (value / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.00", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
