using System.Diagnostics;

namespace NeuralAudio.Codec.Tests;

/// <summary>
/// Debian's chromium for rendering tests. When it is absent the setup installs it with apt-get (the test machines run
/// as root); when that is impossible the test fails with the reason rather than skipping. Idempotent: a present
/// chromium is found on PATH and nothing is run.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly Lazy<string> Executable = new(FindOrInstall, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Path of the chromium binary (installed on first use if needed).</summary>
    public static string Path => Executable.Value;

    /// <summary>Runs chromium headless with <paramref name="args"/>; returns stdout (stderr holds harmless ALSA/DBus noise).</summary>
    public static string Run(string profileFolder, params string[] args)
    {
        var all = new List<string> { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
            "--no-first-run", "--user-data-dir=" + profileFolder };
        all.AddRange(args);
        var (code, stdout, stderr) = Exec(Path, all, TimeSpan.FromSeconds(90));
        if (code != 0) throw new InvalidOperationException($"chromium exited with {code}:\n{Tail(stderr)}");
        return stdout;
    }

    private static string FindOrInstall()
    {
        if (Find() is { } found) return found;
        var (_, uid, _) = Exec("id", ["-u"], TimeSpan.FromSeconds(10));
        if (uid.Trim() != "0")
            throw new InvalidOperationException($"headless Chromium is required but not installed, and the tests run as uid {uid.Trim()}, not root, so they cannot install it: run 'apt-get install chromium'");
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var update = Exec("apt-get", ["update", "-qq"], TimeSpan.FromMinutes(5), env);
        if (update.Code != 0) throw new InvalidOperationException($"headless Chromium is not installed and 'apt-get update' failed ({update.Code}):\n{Tail(update.StdErr)}");
        var install = Exec("apt-get", ["install", "-y", "-qq", "chromium"], TimeSpan.FromMinutes(10), env);
        if (install.Code != 0 || Find() is not { } installed)
            throw new InvalidOperationException($"headless Chromium is not installed and 'apt-get install chromium' failed ({install.Code}):\n{Tail(install.StdErr + install.StdOut)}");
        return installed;
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    private static (int Code, string StdOut, string StdErr) Exec(string file, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(" ", args)} did not finish in {timeout.TotalSeconds} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}
