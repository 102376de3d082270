using System.Text.RegularExpressions;
using NeuralAudio.Training.Audio;
using SkiaSharp;

namespace NeuralAudio.Codec.Tests;

/// <summary>One <c>neuralaudio evaluate</c> run on synthetic clips, shared by the report tests.</summary>
public sealed class EvaluatedReportFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public EvaluatedReportFixture()
    {
        string ck = TestCheckpoints.Write(_folder.File("c.ckpt"), TestCheckpoints.UltraTiny, seed: 2);
        string audio = _folder.File("audio");
        Directory.CreateDirectory(audio);
        var clips = SyntheticAudio.Clips(2, 24_000, 16_000, seed: 11);
        WavAudio.WriteMono16(System.IO.Path.Combine(audio, "a_chirps.wav"), clips[0], 16_000);
        WavAudio.WriteMono16(System.IO.Path.Combine(audio, "b_tones_22k.wav"), WavAudio.Resample(clips[1], 16_000, 22_050), 22_050);
        File.WriteAllText(System.IO.Path.Combine(audio, "c_broken.wav"), "not a wav");
        ReportPath = _folder.File("out/report.html");
        var result = Cli.Run("evaluate", "--checkpoint", ck, "--audio-dir", audio, "--num-samples", "3", "--report", ReportPath, "--num-quantizers", "2");
        (ExitCode, StdOut, StdErr, Transcript) = (result.ExitCode, result.StdOut, result.StdErr, result.ToString());
        Html = File.Exists(ReportPath) ? File.ReadAllText(ReportPath) : "";
    }

    public int ExitCode { get; }
    public string StdOut { get; }
    public string StdErr { get; }
    public string Transcript { get; }
    public string ReportPath { get; }
    public string Html { get; }
    public string Folder => _folder.Path;

    public void Dispose() => _folder.Dispose();
}

public class ReportTests(EvaluatedReportFixture report) : IClassFixture<EvaluatedReportFixture>
{
    private const int Clips = 2, ImagesPerClip = 4, PlayersPerClip = 3;
    private static readonly HashSet<string> VoidElements = ["meta", "img", "br", "hr", "input", "link", "source", "col", "wbr"];

    [Fact]
    public void Evaluate_SkipsTheBrokenFileAndPrintsBothSystems()
    {
        Assert.True(report.ExitCode == 0, report.Transcript);
        Assert.Contains("c_broken.wav", report.StdErr);
        Assert.Contains("warning: skipping", report.StdErr);
        Assert.Contains("tinystream/ultra_tiny", report.StdOut);
        Assert.Contains("opus 6 kbps", report.StdOut);
        Assert.Contains("real-time factor: encoder", report.StdOut);
    }

    [Fact]
    public void Report_IsSelfContainedHtmlWithEveryImageAndPlayerEmbedded()
    {
        string html = report.Html;
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"<(link|iframe|object|embed)\b", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<script[^>]*\bsrc=", RegexOptions.IgnoreCase), html);

        var sources = Regex.Matches(html, "\\bsrc=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Clips * (ImagesPerClip + PlayersPerClip), sources.Count);
        Assert.All(sources, s => Assert.StartsWith("data:", s));
        var pngs = sources.Where(s => s.StartsWith("data:image/png;base64,", StringComparison.Ordinal)).Select(s => Convert.FromBase64String(s[22..])).ToList();
        var wavs = sources.Where(s => s.StartsWith("data:audio/wav;base64,", StringComparison.Ordinal)).Select(s => Convert.FromBase64String(s[22..])).ToList();
        Assert.Equal(Clips * ImagesPerClip, pngs.Count);
        Assert.Equal(Clips * PlayersPerClip, wavs.Count);
        foreach (var png in pngs)
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.Equal(640, bitmap.Width);
        }
        // 1.5 s at 16 kHz (the 22.05 kHz clip is resampled back): 44-byte header + 24000 16-bit samples.
        Assert.All(wavs, w => Assert.Equal(44 + 2 * 24_000, w.Length));
        Assert.All(wavs, w => Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(w, 0, 4)));
    }

    [Fact]
    public void Report_TagsAreBalanced()
    {
        // Strip scripts and styles, then every non-void element must close in order.
        string body = Regex.Replace(report.Html, "<(script|style)[^>]*>.*?</\\1>", "", RegexOptions.Singleline);
        var stack = new Stack<string>();
        foreach (Match m in Regex.Matches(body, @"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>"))
        {
            string name = m.Groups[2].Value.ToLowerInvariant();
            if (VoidElements.Contains(name)) continue;
            if (m.Groups[1].Value == "") stack.Push(name);
            else Assert.Equal(name, stack.Count > 0 ? stack.Pop() : "(nothing open)");
        }
        Assert.Empty(stack);
    }

    [Fact]
    public void Report_HasTheMetricsTablesWithFiniteNumbers()
    {
        string html = report.Html;
        foreach (var header in new[] { "SI-SDR (dB)", "MR-STFT distance", "Mel distance", "LSD (dB)", "STOI", "Enc RTF", "Dec RTF" })
            Assert.Contains(header, html);
        var summary = Regex.Match(html, "<table id=\"summary\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(2, Regex.Matches(summary, "<tr><td").Count); // codec and Opus
        Assert.Equal(10, Regex.Matches(summary, @"-?\d+\.\d{3} ± \d+\.\d{3}").Count); // 5 metrics × 2 systems, mean ± spread
        Assert.Contains("tinystream/ultra_tiny", summary);
        Assert.Contains("Opus", summary);
        Assert.Contains("a_chirps.wav", html);
        Assert.Contains("b_tones_22k.wav", html);
        Assert.DoesNotContain("c_broken.wav", html);
        var clips = Regex.Match(html, "<table id=\"clips\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        Assert.DoesNotContain("n/a", summary + clips); // every metric finite (STOI included: the clips are 1.5 s)
        Assert.Equal(Clips * 2 * 5, Regex.Matches(clips, @"<td( class=""better"")?>-?\d+\.\d{3}</td>").Count);
        Assert.Contains("2 of 2 stages × 256 entries at 62.50 frames/s", html);
        Assert.Contains("1.00 kbps (codec)", html); // 2 stages × 8 bits × 62.5 frames/s
    }

    [Fact]
    public void Report_RendersInHeadlessChromium()
    {
        string profile = System.IO.Path.Combine(report.Folder, "chromium-profile");
        string url = new Uri(report.ReportPath).AbsoluteUri;
        string dom = HeadlessChromium.Run(profile, "--virtual-time-budget=5000", "--dump-dom", url);

        // The report's inline script counts the images that decoded (complete with a natural width).
        int total = Clips * ImagesPerClip;
        Assert.Contains($"data-images-rendered=\"{total}\"", dom);
        Assert.Contains($"data-images-total=\"{total}\"", dom);
        var summary = Regex.Match(dom, "<table id=\"summary\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(2, Regex.Matches(summary, "<tr><td").Count);
        Assert.Equal(Clips * PlayersPerClip, Regex.Matches(dom, "<audio controls").Count);

        string shot = System.IO.Path.Combine(report.Folder, "shot.png");
        HeadlessChromium.Run(profile, "--window-size=1200,1600", "--screenshot=" + shot, url);
        using var bitmap = SKBitmap.Decode(shot);
        Assert.NotNull(bitmap);
        Assert.Equal(1200, bitmap.Width);
        // Text and tables alone give a few hundred colours; the spectrogram images add thousands.
        var colours = new HashSet<uint>();
        int dark = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                colours.Add((uint)c);
                if (c.Red < 60 && c.Green < 30 && c.Blue < 80) dark++; // magma's dark end
            }
        Assert.True(colours.Count > 1000, $"{colours.Count} distinct colours: images did not render");
        Assert.True(dark > 2000, $"{dark} dark spectrogram pixels: images did not render");
    }
}
