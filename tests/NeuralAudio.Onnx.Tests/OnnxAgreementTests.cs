using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Export.Onnx;
using Xunit.Abstractions;

namespace NeuralAudio.Onnx.Tests;

/// <summary>
/// Acceptance: every exported graph, run in ONNX Runtime, agrees with TorchSharp float within 1e-4 (max abs,
/// normalised by the reference's max abs) on seeded audio; codecs also pick the same residual-VQ codes.
/// </summary>
public sealed class OnnxAgreementTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, string> Graphs() => new()
    {
        { "tinystream", "ultra_tiny" }, { "tinystream", "tiny" }, { "tinystream", "tiny_c10" }, { "tinystream", "small" },
        { "tinystream", "medium" }, { "tinystream", "full" }, { "soundstream", "tiny" },
        { "acdnet", "esc50" }, { "micro-acdnet", "esc50" }, { "micro-acdnet", "esc10" },
    };

    [Theory]
    [MemberData(nameof(Graphs))]
    public void OnnxRuntimeAgreesWithTorchSharp(string modelId, string variantName)
    {
        var variant = ModelCatalog.Get(modelId, variantName);
        var graph = variant.BuildGraph();
        using var module = SeededModel.Create(variant, 1);
        var bytes = OnnxExporter.ToBytes(variant, module, "seed 1");
        using var session = OnnxReference.Session(bytes);

        bool codec = graph.Family == ModelFamily.Codec;
        var (data, shape) = OnnxReference.Input(graph, batch: 2, seed: 42);
        var expected = OnnxReference.Torch(module, data, shape);
        var actual = OnnxReference.Ort(session, data, shape, codec);

        Assert.Equal(expected.Shape, actual.Shape);
        double error = OnnxReference.NormalisedMaxAbs(expected.Float, actual.Float);
        output.WriteLine($"{variant.FullName}: normalised max abs {error:E2} over {expected.Float.Length} values");
        Assert.True(error <= Tolerance, $"{variant.FullName}: normalised max abs {error:E3} > {Tolerance}");
        if (codec)
        {
            Assert.Equal(expected.Codes!.Length, actual.Codes!.Length);
            int same = expected.Codes.Zip(actual.Codes).Count(p => p.First == p.Second);
            output.WriteLine($"{variant.FullName}: {same}/{expected.Codes.Length} codes equal");
            Assert.True(same >= 0.97 * expected.Codes.Length, $"{variant.FullName}: only {same}/{expected.Codes.Length} codes equal");
            AssertOnlyNearTiesDiffer(variant.FullName, expected, actual, (int)shape[0], (int)expected.Shape[1], (int)expected.Shape[2]);
        }
    }

    /// <summary>
    /// Float rounding may flip a nearest-code search between two (almost) equally near codewords, and later stages
    /// then quantise different residuals. So in every frame, the first stage whose codes differ must be a tie within
    /// the embeddings' difference δ (L2 over the frame): while earlier stages agree, ONNX's residual is TorchSharp's
    /// plus the same δ, so (triangle inequality) ONNX can prefer a codeword only if it is at most 2δ farther from
    /// TorchSharp's residual than TorchSharp's choice (plus float rounding of 1e-5 relative).
    /// </summary>
    private void AssertOnlyNearTiesDiffer(string name, OnnxReference.Outputs expected, OnnxReference.Outputs actual, int batch, int dim, int frames)
    {
        int stages = expected.Residuals!.Length;
        int k = expected.Codebooks!.Length / (stages * dim);
        int flips = 0;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < frames; t++)
                for (int s = 0; s < stages; s++)
                {
                    int at = (b * stages + s) * frames + t;
                    long want = expected.Codes![at], got = actual.Codes![at];
                    if (want == got) continue;
                    double dWant = Math.Sqrt(Distance(expected, b, s, t, want, dim, frames, k)), dGot = Math.Sqrt(Distance(expected, b, s, t, got, dim, frames, k));
                    double delta = EmbeddingDifference(expected, actual, b, t, dim, frames);
                    output.WriteLine($"{name}: frame {t} stage {s}: code {got} instead of {want}, distances {dGot:G9} vs {dWant:G9}, 2δ = {2 * delta:G3}");
                    Assert.True(dGot - dWant <= 2 * delta + 1e-5 * dWant, $"{name}: frame {t} stage {s}: ONNX picked {got} at distance {dGot}, TorchSharp {want} at {dWant}, 2δ = {2 * delta}");
                    flips++;
                    break; // later stages quantise a different residual
                }
        output.WriteLine($"{name}: {flips} near-tie flip(s)");
    }

    private static double EmbeddingDifference(OnnxReference.Outputs expected, OnnxReference.Outputs actual, int b, int t, int dim, int frames)
    {
        double sum = 0;
        for (int d = 0; d < dim; d++)
        {
            int i = (b * dim + d) * frames + t;
            double e = expected.Float[i] - actual.Float[i];
            sum += e * e;
        }
        return Math.Sqrt(sum);
    }

    private static double Distance(OnnxReference.Outputs o, int b, int stage, int t, long code, int dim, int frames, int k)
    {
        double sum = 0;
        for (int d = 0; d < dim; d++)
        {
            double r = o.Residuals![stage][(b * dim + d) * frames + t];
            double c = o.Codebooks![(stage * k + code) * dim + d];
            sum += (r - c) * (r - c);
        }
        return sum;
    }
}
