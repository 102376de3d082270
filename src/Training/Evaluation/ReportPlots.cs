using SkiaSharp;

namespace NeuralAudio.Training.Evaluation;

/// <summary>PNG images for the evaluation report (SkiaSharp): spectrograms, their difference, waveforms.</summary>
public static class ReportPlots
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = 640;
    /// <summary>Spectrogram height in pixels.</summary>
    public const int SpectrogramHeight = 160;
    /// <summary>Waveform plot height in pixels.</summary>
    public const int WaveformHeight = 120;

    private const int FftSize = 512, Hop = 128;
    private const double RangeDb = 90, DiffRangeDb = 30;

    /// <summary>Log-power spectrogram in dB <c>[frame][bin]</c> (FFT 512, hop 128).</summary>
    public static double[][] SpectrogramDb(ReadOnlySpan<float> samples)
    {
        var power = Spectrogram.Power(samples, FftSize, FftSize, Hop);
        return power.Select(frame => frame.Select(p => 10 * Math.Log10(p + 1e-12)).ToArray()).ToArray();
    }

    /// <summary>Spectrogram PNG (magma-like colours), 0 dB at <paramref name="maxDb"/>, <c>90 dB</c> of range, low frequencies at the bottom.</summary>
    public static byte[] SpectrogramPng(double[][] db, double maxDb) =>
        Raster(db, v => Magma(double.IsFinite(v) ? Math.Clamp((v - (maxDb - RangeDb)) / RangeDb, 0, 1) : 0));

    /// <summary>Difference PNG (reconstructed − original dB): blue where energy is lost, red where it is added, ±30 dB.</summary>
    public static byte[] DifferencePng(double[][] originalDb, double[][] reconstructedDb)
    {
        int frames = Math.Min(originalDb.Length, reconstructedDb.Length);
        var diff = new double[frames][];
        for (int f = 0; f < frames; f++)
            diff[f] = originalDb[f].Zip(reconstructedDb[f], (a, b) => b - a).ToArray();
        return Raster(diff, v => Diverging(double.IsFinite(v) ? Math.Clamp(v / DiffRangeDb, -1, 1) : 0));
    }

    /// <summary>Waveform PNG: the original in grey, the reconstruction in orange over it (min/max per pixel column).</summary>
    public static byte[] WaveformPng(ReadOnlySpan<float> original, ReadOnlySpan<float> reconstructed)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, WaveformHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var axis = new SKPaint { Color = new SKColor(200, 200, 200), StrokeWidth = 1 };
        canvas.DrawLine(0, WaveformHeight / 2f, Width, WaveformHeight / 2f, axis);
        float peak = 1e-6f;
        foreach (var v in original) peak = Math.Max(peak, Math.Abs(v));
        foreach (var v in reconstructed) peak = Math.Max(peak, Math.Abs(v));
        DrawEnvelope(canvas, original, peak, new SKColor(90, 90, 90));
        DrawEnvelope(canvas, reconstructed, peak, new SKColor(240, 120, 20, 170));
        return Encode(surface);
    }

    private static void DrawEnvelope(SKCanvas canvas, ReadOnlySpan<float> samples, float peak, SKColor color)
    {
        using var paint = new SKPaint { Color = color, StrokeWidth = 1, IsAntialias = false };
        float half = WaveformHeight / 2f;
        for (int x = 0; x < Width; x++)
        {
            int start = (int)((long)samples.Length * x / Width), end = Math.Max(start + 1, (int)((long)samples.Length * (x + 1) / Width));
            float lo = 0, hi = 0;
            for (int i = start; i < end && i < samples.Length; i++) { lo = Math.Min(lo, samples[i]); hi = Math.Max(hi, samples[i]); }
            canvas.DrawLine(x + 0.5f, half - hi / peak * (half - 2), x + 0.5f, half - lo / peak * (half - 2) + 1, paint);
        }
    }

    /// <summary>Resamples <c>values[frame][bin]</c> onto the image grid (bilinear) and colours it; low bins at the bottom.</summary>
    private static byte[] Raster(double[][] values, Func<double, SKColor> color)
    {
        int frames = values.Length, bins = frames > 0 ? values[0].Length : 0;
        var pixels = new SKColor[Width * SpectrogramHeight];
        for (int y = 0; y < SpectrogramHeight; y++)
        {
            double bin = (SpectrogramHeight - 1 - y) * (bins - 1.0) / (SpectrogramHeight - 1);
            int b0 = (int)Math.Floor(bin), b1 = Math.Min(b0 + 1, bins - 1);
            double wb = bin - b0;
            for (int x = 0; x < Width; x++)
            {
                if (frames == 0) { pixels[y * Width + x] = color(double.NegativeInfinity); continue; }
                double frame = frames == 1 ? 0 : x * (frames - 1.0) / (Width - 1);
                int f0 = (int)Math.Floor(frame), f1 = Math.Min(f0 + 1, frames - 1);
                double wf = frame - f0;
                double v = (1 - wf) * ((1 - wb) * values[f0][b0] + wb * values[f0][b1]) + wf * ((1 - wb) * values[f1][b0] + wb * values[f1][b1]);
                pixels[y * Width + x] = color(v);
            }
        }
        using var bitmap = new SKBitmap(new SKImageInfo(Width, SpectrogramHeight, SKColorType.Rgba8888, SKAlphaType.Opaque)) { Pixels = pixels };
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] Encode(SKSurface surface)
    {
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    // A five-stop approximation of matplotlib's magma: black, purple, red, orange, pale yellow.
    private static readonly (double At, byte R, byte G, byte B)[] MagmaStops =
        [(0, 0, 0, 4), (0.25, 81, 18, 124), (0.5, 183, 55, 121), (0.75, 252, 137, 97), (1, 252, 253, 191)];

    private static SKColor Magma(double t)
    {
        for (int i = 1; i < MagmaStops.Length; i++)
            if (t <= MagmaStops[i].At)
            {
                var (a, b) = (MagmaStops[i - 1], MagmaStops[i]);
                double u = (t - a.At) / (b.At - a.At);
                return new SKColor(Lerp(a.R, b.R, u), Lerp(a.G, b.G, u), Lerp(a.B, b.B, u));
            }
        return new SKColor(252, 253, 191);
    }

    private static SKColor Diverging(double t) => t < 0
        ? new SKColor(Lerp(255, 33, -t), Lerp(255, 102, -t), Lerp(255, 172, -t))
        : new SKColor(Lerp(255, 178, t), Lerp(255, 24, t), Lerp(255, 43, t));

    private static byte Lerp(byte a, byte b, double u) => (byte)Math.Round(a + (b - a) * u);
}
