using NeuralAudio.Training.Classification;
using SkiaSharp;

namespace NeuralAudio.Classification.Tests;

public class ConfusionMatrixImageTests
{
    [Fact]
    public void Png_ShadesEachCellByItsShareOfTheRow()
    {
        var matrix = new ConfusionMatrix(3);
        for (int i = 0; i < 3; i++) matrix.Add(0, 0);   // class 0: 3 of 4 right
        matrix.Add(0, 2);
        matrix.Add(1, 1);                                // class 1: 1 of 1 right
        // class 2: no clips, so its row stays white

        using var bitmap = SKBitmap.Decode(ConfusionMatrixImage.Render(matrix));
        int cell = 48, border = 2; // cells are at most 48 pixels
        SKColor At(int row, int column) => bitmap.GetPixel(border + column * cell + cell / 2, border + row * cell + cell / 2);

        Assert.Equal(3 * cell + 2 * border, bitmap.Width);
        Assert.Equal(new SKColor(70, 100, 144), At(0, 0));   // 0.75 of the way from white to (8, 48, 107)
        Assert.Equal(new SKColor(193, 203, 218), At(0, 2)); // 0.25
        Assert.Equal(new SKColor(8, 48, 107), At(1, 1));    // 1
        Assert.Equal(SKColors.White, At(2, 2));
        Assert.Equal(new SKColor(128, 128, 128), bitmap.GetPixel(0, 0)); // the frame
    }
}
