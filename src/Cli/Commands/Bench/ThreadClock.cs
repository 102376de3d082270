using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NeuralAudio.Cli.Commands.Bench;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), the clock na_bench uses too. Every engine
/// runs single-threaded on the calling thread, and on a shared machine wall-clock time would also count other
/// processes' time slices. Elsewhere it falls back to the wall clock (<see cref="UsesCpuTime"/> says which).
/// </summary>
internal static class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>True when <see cref="Now"/> reads thread CPU time.</summary>
    public static readonly bool UsesCpuTime = Probe();

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Seconds on this clock (only differences are meaningful).</summary>
    public static double Now()
    {
        if (UsesCpuTime && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
        return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
    }
}
