using System.Globalization;

namespace NeuralAudio.Cli.Commands.Bench;

/// <summary>
/// The process's peak resident memory over one engine's run, on Linux: writing 5 to <c>/proc/self/clear_refs</c>
/// resets the high-water mark (VmHWM) to the current RSS, so VmHWM after the run minus VmRSS before it is what the
/// run added at its peak (its buffers, workspace and lazily loaded code, not the runtime already resident).
/// Elsewhere, or when clear_refs is not writable, the figure is unavailable (null).
/// </summary>
internal static class PeakMemory
{
    /// <summary>Resets the high-water mark; returns the RSS in bytes now, or null when peaks cannot be measured.</summary>
    public static long? Start()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return Read("VmRSS:");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Peak RSS since <see cref="Start"/> minus the RSS then, in bytes (null when unavailable).</summary>
    public static long? Stop(long? start) => start is { } s && Read("VmHWM:") is { } peak ? Math.Max(0, peak - s) : null;

    private static long? Read(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return null;
    }
}
