using SkiaSharp;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// A confusion matrix as a PNG heat map (SkiaSharp): rows are true classes, columns predicted ones, each cell shaded by
/// its share of the row (white 0 to dark blue 1), thin light grid lines, a grey frame. The counts themselves are in the
/// report's table next to the image.
/// </summary>
public static class ConfusionMatrixImage
{
    /// <summary>The PNG bytes of <paramref name="matrix"/>.</summary>
    public static byte[] Render(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.Classes;
        int cell = Math.Clamp(800 / n, 12, 48);
        const int border = 2;
        int size = n * cell + 2 * border;
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(128, 128, 128));
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = false };
        using var grid = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = false, Color = new SKColor(220, 220, 220) };
        for (int actual = 0; actual < n; actual++)
        {
            int support = matrix.Support(actual);
            for (int predicted = 0; predicted < n; predicted++)
            {
                double share = support == 0 ? 0 : (double)matrix[actual, predicted] / support;
                int x0 = border + predicted * cell, y0 = border + actual * cell;
                canvas.DrawRect(x0, y0, cell, cell, grid);
                fill.Color = Shade(share);
                canvas.DrawRect(x0, y0, cell - 1, cell - 1, fill);
            }
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>White for 0 to RGB(8, 48, 107), the dark end of a blue colour map, for 1.</summary>
    internal static SKColor Shade(double share)
    {
        byte Mix(int dark) => (byte)Math.Round(255 + (dark - 255) * share);
        return new SKColor(Mix(8), Mix(48), Mix(107));
    }
}
