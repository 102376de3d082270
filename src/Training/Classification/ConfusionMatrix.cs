namespace NeuralAudio.Training.Classification;

/// <summary>Counts of (true class, predicted class) pairs, with overall and per-class accuracy.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    /// <summary>An empty matrix over <paramref name="classes"/> classes.</summary>
    public ConfusionMatrix(int classes)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a classifier has at least one class");
        _counts = new int[classes, classes];
    }

    /// <summary>Number of classes (rows and columns).</summary>
    public int Classes => _counts.GetLength(0);

    /// <summary>Clips counted.</summary>
    public int Total { get; private set; }

    /// <summary>Clips classified correctly.</summary>
    public int Correct { get; private set; }

    /// <summary>Clips of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>Counts one clip.</summary>
    public void Add(int actual, int predicted)
    {
        _counts[actual, predicted]++;
        Total++;
        if (actual == predicted) Correct++;
    }

    /// <summary>Fraction of clips classified correctly (0 when empty).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Clips whose true class is <paramref name="actual"/>.</summary>
    public int Support(int actual)
    {
        int n = 0;
        for (int p = 0; p < Classes; p++) n += _counts[actual, p];
        return n;
    }

    /// <summary>Recall of class <paramref name="actual"/>; null when the test set has none of it.</summary>
    public double? ClassAccuracy(int actual)
    {
        int support = Support(actual);
        return support == 0 ? null : (double)_counts[actual, actual] / support;
    }
}
