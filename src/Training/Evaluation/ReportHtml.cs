using System.Globalization;
using System.Text;

namespace NeuralAudio.Training.Evaluation;

/// <summary>
/// The evaluation report as one self-contained HTML page: no network, no CDN; plots are <c>data:image/png</c> and
/// audio <c>data:audio/wav</c> URIs. A small inline script records on <c>&lt;body data-images-rendered&gt;</c> how
/// many images decoded, so a headless browser can check the page rendered.
/// </summary>
public static class ReportHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly (string Name, string Unit, bool HigherIsBetter, Func<ClipMetrics, double> Get)[] Metrics =
    [
        ("SI-SDR", "dB", true, m => m.SiSdrDb),
        ("MR-STFT distance", "", false, m => m.StftDistance),
        ("Mel distance", "", false, m => m.MelDistance),
        ("LSD", "dB", false, m => m.LogSpectralDistanceDb),
        ("STOI", "", true, m => m.Stoi),
    ];

    /// <summary>The HTML of <paramref name="report"/>.</summary>
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<title>Codec evaluation: ").Append(E(report.Model)).Append("</title>\n");
        h.Append("<style>\n")
         .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}")
         .Append("table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}")
         .Append("th{background:#f1f1f1}td.name,th.name{text-align:left}td.better{background:#e3f4e3}")
         .Append(".clip{border-top:2px solid #ddd;margin-top:20px;padding-top:8px}.plots{display:grid;grid-template-columns:repeat(2,minmax(0,640px));gap:8px}")
         .Append("figure{margin:0}figcaption{font-size:12px;color:#555}img{width:100%;max-width:640px;image-rendering:auto;border:1px solid #ddd}")
         .Append(".players{display:flex;gap:16px;flex-wrap:wrap;font-size:13px}.meta td{text-align:left}")
         .Append("\n</style>\n</head>\n<body>\n");
        h.Append("<h1>Codec evaluation: ").Append(E(report.Model)).Append("</h1>\n");
        h.Append("<table class=\"meta\" id=\"setup\">\n");
        Row(h, "Checkpoint", report.Checkpoint);
        Row(h, "Structure hash", report.StructureHash);
        Row(h, "Sample rate", $"{report.SampleRate} Hz");
        Row(h, "Quantizers", $"{report.NumQuantizers} of {report.TotalQuantizers} stages × {report.CodebookSize} entries at {F(report.FrameRateHz, 2)} frames/s");
        Row(h, "Bitrate", $"{F(report.BitrateBps / 1000, 2)} kbps (codec) · Opus target {F(OpusBaseline.BitrateBps / 1000.0, 1)} kbps, measured {F(report.Clips.Average(c => c.OpusBitrateBps) / 1000, 2)} kbps");
        Row(h, "Real-time factor", $"encoder {F(report.EncoderRealTimeFactor, 1)}× · decoder {F(report.DecoderRealTimeFactor, 1)}× real time (audio seconds per compute second, float TorchSharp on CPU)");
        Row(h, "Clips", $"{report.Clips.Count}, {F(report.Clips.Sum(c => c.DurationSeconds), 1)} s in total");
        Row(h, "Created", report.CreatedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv));
        h.Append("</table>\n");

        h.Append("<h2>Summary (mean ± standard deviation over clips)</h2>\n<table id=\"summary\">\n<thead><tr><th class=\"name\">System</th><th>Bitrate</th>");
        foreach (var m in Metrics) h.Append("<th>").Append(E(Header(m.Name, m.Unit, m.HigherIsBetter))).Append("</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        SummaryRow(h, report.Model, report.BitrateBps, report.Clips.Select(c => c.Codec).ToList(), report.Clips.Select(c => c.Opus).ToList());
        SummaryRow(h, "Opus (Concentus)", report.Clips.Average(c => c.OpusBitrateBps), report.Clips.Select(c => c.Opus).ToList(), report.Clips.Select(c => c.Codec).ToList());
        h.Append("</tbody>\n</table>\n");

        h.Append("<h2>Per clip</h2>\n<table id=\"clips\">\n<thead><tr><th class=\"name\">Clip</th><th>Length</th><th class=\"name\">System</th>");
        foreach (var m in Metrics) h.Append("<th>").Append(E(Header(m.Name, m.Unit, m.HigherIsBetter))).Append("</th>");
        h.Append("<th>Enc RTF</th><th>Dec RTF</th></tr></thead>\n<tbody>\n");
        foreach (var c in report.Clips)
        {
            h.Append("<tr><td class=\"name\" rowspan=\"2\">").Append(E(c.Name)).Append("</td><td rowspan=\"2\">").Append(F(c.DurationSeconds, 2)).Append(" s</td>");
            ClipRow(h, report.Model, c.Codec, c.Opus);
            h.Append("<td>").Append(F(c.DurationSeconds / Math.Max(1e-9, c.EncodeSeconds), 1)).Append("×</td><td>")
             .Append(F(c.DurationSeconds / Math.Max(1e-9, c.DecodeSeconds), 1)).Append("×</td></tr>\n<tr>");
            ClipRow(h, "Opus 6 kbps", c.Opus, c.Codec);
            h.Append("<td></td><td></td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");

        h.Append("<h2>Clips</h2>\n");
        int index = 0;
        foreach (var c in report.Clips)
        {
            index++;
            h.Append("<section class=\"clip\" id=\"clip-").Append(index).Append("\">\n<h3>").Append(E(c.Name)).Append("</h3>\n<div class=\"players\">");
            Player(h, "Original", c.OriginalWav);
            Player(h, report.Model + " reconstruction", c.ReconstructedWav);
            Player(h, "Opus 6 kbps", c.OpusWav);
            h.Append("</div>\n<div class=\"plots\">\n");
            Figure(h, "Original spectrogram (0–" + F(report.SampleRate / 2000.0, 0) + " kHz, 90 dB range)", c.OriginalSpectrogram);
            Figure(h, "Reconstructed spectrogram (same scale)", c.ReconstructedSpectrogram);
            Figure(h, "Difference: reconstructed − original (blue lost, red added, ±30 dB)", c.DifferenceSpectrogram);
            Figure(h, "Waveform: original (grey), reconstruction (orange)", c.Waveform);
            h.Append("</div>\n</section>\n");
        }
        h.Append("<p style=\"font-size:12px;color:#666\">Metrics: SI-SDR (zero-mean, scale-invariant); MR-STFT = spectral convergence + log-magnitude L1 averaged over FFT 512/1024/2048; ")
         .Append("mel distance = L1 of log10 mel energies (80 bands, FFT 1024); LSD = frame-wise RMS dB difference (FFT 1024); STOI per Taal et al. 2011 (10 kHz, 15 one-third-octave bands, 384 ms segments, β = −15 dB). ")
         .Append("Green cells mark the better of codec and Opus.</p>\n");
        h.Append("<script>\n(function(){function count(){var n=0;document.querySelectorAll('img').forEach(function(i){if(i.complete&&i.naturalWidth>0)n++;});")
         .Append("document.body.setAttribute('data-images-rendered',String(n));document.body.setAttribute('data-images-total',String(document.images.length));}")
         .Append("if(document.readyState==='complete')count();else window.addEventListener('load',count);})();\n</script>\n");
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static string Header(string name, string unit, bool higherIsBetter) =>
        name + (unit.Length > 0 ? " (" + unit + ")" : "") + (higherIsBetter ? " ↑" : " ↓");

    private static void Row(StringBuilder h, string key, string value) =>
        h.Append("<tr><th class=\"name\">").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");

    private static void SummaryRow(StringBuilder h, string system, double bitrate, List<ClipMetrics> mine, List<ClipMetrics> other)
    {
        h.Append("<tr><td class=\"name\">").Append(E(system)).Append("</td><td>").Append(F(bitrate / 1000, 2)).Append(" kbps</td>");
        foreach (var m in Metrics)
        {
            var (mean, spread) = MeanSpread(mine.Select(m.Get));
            var (otherMean, _) = MeanSpread(other.Select(m.Get));
            bool better = m.HigherIsBetter ? mean > otherMean : mean < otherMean;
            h.Append(better ? "<td class=\"better\">" : "<td>").Append(F(mean, 3)).Append(" ± ").Append(F(spread, 3)).Append("</td>");
        }
        h.Append("</tr>\n");
    }

    private static void ClipRow(StringBuilder h, string system, ClipMetrics mine, ClipMetrics other)
    {
        h.Append("<td class=\"name\">").Append(E(system)).Append("</td>");
        foreach (var m in Metrics)
        {
            double a = m.Get(mine), b = m.Get(other);
            bool better = m.HigherIsBetter ? a > b : a < b;
            h.Append(better ? "<td class=\"better\">" : "<td>").Append(F(a, 3)).Append("</td>");
        }
    }

    /// <summary>Mean and sample standard deviation of the finite values (NaN when there are none).</summary>
    public static (double Mean, double Spread) MeanSpread(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToList();
        if (v.Count == 0) return (double.NaN, double.NaN);
        double mean = v.Average();
        double spread = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)) : 0;
        return (mean, spread);
    }

    private static void Player(StringBuilder h, string label, byte[] wav) =>
        h.Append("<label>").Append(E(label)).Append("<br><audio controls preload=\"auto\" src=\"data:audio/wav;base64,")
         .Append(Convert.ToBase64String(wav)).Append("\"></audio></label>");

    private static void Figure(StringBuilder h, string caption, byte[] png) =>
        h.Append("<figure><img alt=\"").Append(E(caption)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
         .Append("\"><figcaption>").Append(E(caption)).Append("</figcaption></figure>\n");

    private static string F(double v, int decimals) =>
        double.IsNaN(v) ? "n/a" : v.ToString("F" + decimals.ToString(Inv), Inv);

    // Escapes only markup characters: the page is UTF-8, so ×, ± and · stay readable in the source.
    private static string E(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
