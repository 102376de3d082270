using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// Lloyd's k-means on rows of a (N, D) matrix, for initialising a codebook from the first batch: the codebook starts
/// where the data is, so no entry begins dead far from every frame.
/// </summary>
public static class KMeans
{
    /// <summary>
    /// <paramref name="k"/> centroids (k, D) and the number of rows assigned to each (k), after
    /// <paramref name="iterations"/> rounds. Starts from k distinct rows (drawn with replacement when there are fewer
    /// than k rows); a centroid that loses all its rows keeps its place.
    /// </summary>
    public static (Tensor Centroids, Tensor Counts) Fit(Tensor rows, long k, int iterations, Generator generator)
    {
        if (rows.dim() != 2 || rows.shape[0] < 1) throw new ArgumentException("rows must be (N >= 1, D)", nameof(rows));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "need at least one centroid");
        using var _ = no_grad();
        long n = rows.shape[0];
        var start = n >= k
            ? randperm(n, generator: generator).narrow(0, 0, k)
            : randint(0, n, new[] { k }, generator: generator);
        var centroids = rows.index_select(0, start).clone();
        var counts = zeros(k, dtype: rows.dtype);
        for (int i = 0; i < Math.Max(1, iterations); i++)
        {
            var assign = Nearest(rows, centroids);
            counts = assign.bincount(null, k).to_type(rows.dtype);
            var sums = zeros(k, rows.shape[1], dtype: rows.dtype).index_add_(0, assign, rows, TrainingScalars.Of(1));
            var used = counts.gt(TrainingScalars.Of(0)).unsqueeze(1);
            centroids = where(used, sums / counts.clamp_min(TrainingScalars.Of(1)).unsqueeze(1), centroids);
        }
        return (centroids, counts);
    }

    /// <summary>Index of the nearest row of <paramref name="codebook"/> (K, D) for each row of <paramref name="rows"/> (N, D).</summary>
    public static Tensor Nearest(Tensor rows, Tensor codebook)
    {
        using var _ = no_grad();
        // ||r||² − 2 r·c + ||c||², written without double constants (see TrainingScalars).
        var cross = rows.matmul(codebook.t());
        var distance = rows.square().sum(1, keepdim: true) - cross - cross + codebook.square().sum(1).unsqueeze(0);
        return distance.argmin(1);
    }
}
