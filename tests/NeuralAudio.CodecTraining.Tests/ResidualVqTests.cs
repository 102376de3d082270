using NeuralAudio.Training.Codec;
using static TorchSharp.torch;

namespace NeuralAudio.CodecTraining.Tests;

/// <summary>k-means initialisation, EMA codebook updates, dead-code replacement, straight-through and dropout, with numbers.</summary>
public class ResidualVqTests
{
    private static Tensor Rows(params float[][] rows) => tensor(rows.SelectMany(r => r).ToArray()).reshape(rows.Length, rows[0].Length);

    [Fact]
    public void KMeans_finds_the_means_and_sizes_of_two_separated_clusters()
    {
        var rows = Rows([0f, 0f], [0f, 2f], [10f, 10f], [12f, 10f], [11f, 13f]);
        var (centroids, counts) = KMeans.Fit(rows, 2, 10, new Generator(3, CPU));
        var c = centroids.data<float>().ToArray();
        var n = counts.data<float>().ToArray();
        int near = c[0] < 5 ? 0 : 1, far = 1 - near;
        Assert.Equal(0f, c[near * 2], 5); Assert.Equal(1f, c[near * 2 + 1], 5);
        Assert.Equal(11f, c[far * 2], 5); Assert.Equal(11f, c[far * 2 + 1], 5);
        Assert.Equal(2f, n[near]); Assert.Equal(3f, n[far]);
    }

    [Fact]
    public void Ema_step_decays_counts_and_sums_and_sets_each_codeword_to_its_smoothed_mean()
    {
        var codebooks = zeros(1, 2, 2);
        using var ema = new CodebookEma(1, 2, 2, decay: 0.99, deadThreshold: 2);
        ema.Counts[0].copy_(tensor(new[] { 10f, 20f }));
        ema.Sums[0].copy_(tensor(new[] { 10f, 0f, 0f, 40f }).reshape(2, 2)); // means (1,0) and (0,2)
        var frames = Rows([3f, 0f], [5f, 0f], [0f, 4f]);
        var codes = tensor(new long[] { 0, 0, 1 });
        int replaced = ema.Update(codebooks, 0, frames, codes, new Generator(1, CPU));

        Assert.Equal(0, replaced);
        var n = ema.Counts[0].data<float>().ToArray();
        Assert.Equal(0.99 * 10 + 0.01 * 2, n[0], 5); // 9.92
        Assert.Equal(0.99 * 20 + 0.01 * 1, n[1], 5); // 19.81
        var s = ema.Sums[0].data<float>().ToArray();
        Assert.Equal(0.99 * 10 + 0.01 * 8, s[0], 4); // 9.98
        Assert.Equal(0.99 * 40 + 0.01 * 4, s[3], 4); // 39.64
        double total = n[0] + n[1], eps = 1e-5;
        double smoothed0 = (n[0] + eps) / (total + 2 * eps) * total, smoothed1 = (n[1] + eps) / (total + 2 * eps) * total;
        var book = codebooks[0].data<float>().ToArray();
        Assert.Equal(s[0] / smoothed0, book[0], 4); // ≈ 1.00605
        Assert.Equal(s[3] / smoothed1, book[3], 4); // ≈ 2.00101
    }

    [Fact]
    public void Entries_whose_ema_count_falls_below_two_become_frames_of_the_batch()
    {
        var codebooks = zeros(1, 3, 2);
        using var ema = new CodebookEma(1, 3, 2, decay: 0.99, deadThreshold: 2);
        ema.Counts[0].copy_(tensor(new[] { 50f, 2.01f, 1.5f })); // entry 1: 2.01*0.99 = 1.99 -> dead; entry 2 dead
        ema.Sums[0].copy_(tensor(new[] { 50f, 50f, 2f, 2f, 1f, 1f }).reshape(3, 2));
        var frames = Rows([7f, 8f], [9f, 6f]);
        int replaced = ema.Update(codebooks, 0, frames, tensor(new long[] { 0, 0 }), new Generator(5, CPU));

        Assert.Equal(2, replaced);
        var book = codebooks[0].data<float>().ToArray();
        var batch = new[] { (7f, 8f), (9f, 6f) };
        Assert.Contains((book[2], book[3]), batch);
        Assert.Contains((book[4], book[5]), batch);
        var n = ema.Counts[0].data<float>().ToArray();
        Assert.Equal(0.99 * 50 + 0.01 * 2, n[0], 4);
        Assert.Equal(2f, n[1]); Assert.Equal(2f, n[2]);
        Assert.Equal(book[2] * 2, ema.Sums[0][1][0].item<float>(), 4);
    }

    [Fact]
    public void First_pass_initialises_the_codebook_by_kmeans_and_the_straight_through_gradient_is_identity()
    {
        manual_seed(1);
        var embedding = randn(2, 4, 8).requires_grad_(true);
        var codebooks = randn(2, 4, 4) * 100; // far from the data: useless until initialised
        using var ema = new CodebookEma(2, 4, 4);
        var pass = ResidualVqTrainingPass.Run(embedding, codebooks, ema, null, new Generator(2, CPU));

        Assert.True(ema.IsInitialized(0) && ema.IsInitialized(1));
        Assert.Equal(16f, ema.Counts[0].sum().item<float>(), 3); // every one of the 16 frames belongs to a cluster
        Assert.True(codebooks[0].abs().max().item<float>() < 10, "stage 0 codebook was not replaced by centroids of the data");
        pass.Quantized.sum().backward();
        Assert.Equal(1f, embedding.grad!.min().item<float>());
        Assert.Equal(1f, embedding.grad!.max().item<float>());
        // Commitment: mean over stages of the mean squared residual-to-codeword distance.
        Assert.True(pass.Commitment.item<float>() > 0);
    }

    [Fact]
    public void Quantizer_dropout_leaves_dropped_stages_out_of_codes_output_and_codebook_updates()
    {
        manual_seed(2);
        var embedding = randn(2, 4, 8);
        var codebooks = randn(2, 4, 4);
        using var ema = new CodebookEma(2, 4, 4);
        var both = ResidualVqTrainingPass.Run(embedding, codebooks.clone(), new CodebookEma(2, 4, 4), null, new Generator(2, CPU));
        var pass = ResidualVqTrainingPass.Run(embedding, codebooks, ema, new long[] { 1, 2 }, new Generator(2, CPU));

        Assert.Equal(-1L, pass.Codes[0, 1].max().item<long>()); // example 0 uses stage 0 only
        Assert.True(pass.Codes[1, 1].min().item<long>() >= 0);
        Assert.Equal(8f, ema.Counts[1].sum().item<float>(), 3); // stage 1 initialised from example 1's 8 frames only
        var stats = pass.UpdateCodebooks(codebooks, ema, new Generator(3, CPU));
        Assert.Equal(2, stats.Count);
        Assert.Equal(2, both.ActiveStages);
    }

    [Fact]
    public void Usage_and_perplexity_count_distinct_and_equally_used_entries()
    {
        var s = CodebookStageStatistics.Of(tensor(new long[] { 0, 0, 1, 1, 1, 1, 2, 2 }), 8);
        Assert.Equal(3.0 / 8, s.Usage, 6);
        double p0 = 0.25, p1 = 0.5, p2 = 0.25;
        Assert.Equal(Math.Exp(-(p0 * Math.Log(p0) + p1 * Math.Log(p1) + p2 * Math.Log(p2))), s.Perplexity, 6); // 2.828
    }
}
