namespace NeuralAudio.Training.Classification;

/// <summary>
/// The multi-crop decision: average the crops' class probabilities and take the first largest (the reference's
/// <c>mean(dim=1).argmax(dim=1)</c>).
/// </summary>
public static class CropPredictions
{
    /// <summary>The predicted class from <paramref name="crops"/> probability rows.</summary>
    public static int Predict(IReadOnlyList<float[]> crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.Count == 0) throw new ArgumentException("no crops to predict from");
        var mean = new double[crops[0].Length];
        foreach (var crop in crops)
            for (int c = 0; c < mean.Length; c++) mean[c] += crop[c];
        int best = 0;
        for (int c = 1; c < mean.Length; c++) if (mean[c] > mean[best]) best = c;
        return best;
    }
}
