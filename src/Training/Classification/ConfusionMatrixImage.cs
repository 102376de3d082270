namespace NeuralAudio.Training.Classification;

/// <summary>
/// A confusion matrix as a PNG heat map: rows are true classes, columns predicted ones, each cell shaded by its share of
/// the row (white 0 to dark blue 1) with its count drawn in it when the cells are large enough; a grey frame.
/// </summary>
public static class ConfusionMatrixImage
{
    // 3x5 digit glyphs, one string of 15 bits per digit, row by row.
    private static readonly string[] Digits =
    {
        "111101101101111", "010110010010111", "111001111100111", "111001111001111", "101101111001001",
        "111100111001111", "111100111101111", "111001001001001", "111101111101111", "111101111001111",
    };

    /// <summary>The PNG bytes of <paramref name="matrix"/>.</summary>
    public static byte[] Render(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.Classes;
        int cell = Math.Clamp(800 / n, 12, 48);
        int border = 2, size = n * cell + 2 * border;
        var rgb = new byte[size * size * 3];
        void Set(int x, int y, (byte R, byte G, byte B) c)
        {
            int i = (y * size + x) * 3;
            rgb[i] = c.R; rgb[i + 1] = c.G; rgb[i + 2] = c.B;
        }
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) Set(x, y, (128, 128, 128));
        for (int actual = 0; actual < n; actual++)
        {
            int support = matrix.Support(actual);
            for (int predicted = 0; predicted < n; predicted++)
            {
                int count = matrix[actual, predicted];
                double share = support == 0 ? 0 : (double)count / support;
                var colour = Shade(share);
                int x0 = border + predicted * cell, y0 = border + actual * cell;
                for (int y = 0; y < cell; y++)
                    for (int x = 0; x < cell; x++)
                        Set(x0 + x, y0 + y, x == cell - 1 || y == cell - 1 ? ((byte)220, (byte)220, (byte)220) : colour);
                if (count > 0) DrawNumber(count, x0, y0, cell, share > 0.5 ? ((byte)255, (byte)255, (byte)255) : ((byte)0, (byte)0, (byte)0), Set);
            }
        }
        return PngEncoder.Encode(size, size, rgb);
    }

    private static (byte, byte, byte) Shade(double share)
    {
        // White to RGB(8, 48, 107), the dark end of a blue colour map.
        byte Mix(int dark) => (byte)Math.Round(255 + (dark - 255) * share);
        return (Mix(8), Mix(48), Mix(107));
    }

    private static void DrawNumber(int value, int x0, int y0, int cell, (byte, byte, byte) colour, Action<int, int, (byte, byte, byte)> set)
    {
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        int scale = Math.Max(1, (cell - 4) / (4 * text.Length));
        scale = Math.Min(scale, (cell - 4) / 6);
        if (scale < 1) return;
        int width = text.Length * 4 * scale - scale, height = 5 * scale;
        int left = x0 + (cell - width) / 2, top = y0 + (cell - height) / 2;
        for (int d = 0; d < text.Length; d++)
        {
            var glyph = Digits[text[d] - '0'];
            for (int gy = 0; gy < 5; gy++)
                for (int gx = 0; gx < 3; gx++)
                    if (glyph[gy * 3 + gx] == '1')
                        for (int sy = 0; sy < scale; sy++)
                            for (int sx = 0; sx < scale; sx++)
                                set(left + d * 4 * scale + gx * scale + sx, top + gy * scale + sy, colour);
        }
    }
}
