using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Export.Onnx;
using static TorchSharp.torch;

namespace NeuralAudio.Onnx.Tests;

/// <summary>Runs one seeded-input batch through TorchSharp float and through ONNX Runtime on the exported model.</summary>
internal static class OnnxReference
{
    /// <summary>Float output (embedding or scores), codes (B, Nq, T) for codecs, the float output's shape.</summary>
    public sealed record Outputs(float[] Float, long[]? Codes, long[] Shape)
    {
        /// <summary>TorchSharp only: each stage's residual (B, D, T) and the codebooks (Nq, K, D).</summary>
        public float[][]? Residuals { get; init; }
        public float[]? Codebooks { get; init; }
    }

    /// <summary>Seeded synthetic clips shaped like the IR input with a batch axis: (batch, ...input shape).</summary>
    public static (float[] Data, long[] Shape) Input(Graph graph, int batch, int seed, int? samples = null)
    {
        int length = samples ?? graph.Input.Shape[^1];
        var data = SyntheticAudio.Clips(batch, length, graph.SampleRate, seed).SelectMany(c => c).ToArray();
        var shape = graph.Input.Shape.Select(d => (long)d).Prepend(batch).ToArray();
        shape[^1] = length;
        return (data, shape);
    }

    public static Outputs Torch(NeuralModule module, float[] data, long[] shape)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = tensor(data).reshape(shape);
        if (module is ICodecModule codec)
        {
            var embedding = codec.Encode(x);
            var q = codec.Quantizer.Quantize(embedding);
            return new Outputs(embedding.contiguous().data<float>().ToArray(), q.Codes.contiguous().data<long>().ToArray(), embedding.shape)
            {
                Residuals = q.Residuals.Select(r => r.contiguous().data<float>().ToArray()).ToArray(),
                Codebooks = codec.Quantizer.Codebooks.detach().contiguous().data<float>().ToArray(),
            };
        }
        var scores = module.forward(x);
        return new Outputs(scores.contiguous().data<float>().ToArray(), null, scores.shape);
    }

    public static InferenceSession Session(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(model, options);
    }

    public static Outputs Ort(InferenceSession session, float[] data, long[] shape, bool codec)
    {
        var input = new DenseTensor<float>(data, shape.Select(d => (int)d).ToArray());
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(OnnxGraphBuilder.InputName, input) });
        if (codec)
        {
            var embedding = results.First(r => r.Name == OnnxGraphBuilder.EmbeddingName).AsTensor<float>();
            var codes = results.First(r => r.Name == OnnxGraphBuilder.CodesName).AsTensor<long>();
            return new Outputs(embedding.ToArray(), codes.ToArray(), embedding.Dimensions.ToArray().Select(d => (long)d).ToArray());
        }
        var scores = results.First(r => r.Name == OnnxGraphBuilder.ScoresName).AsTensor<float>();
        return new Outputs(scores.ToArray(), null, scores.Dimensions.ToArray().Select(d => (long)d).ToArray());
    }

    /// <summary>max |a - b| / max |reference|.</summary>
    public static double NormalisedMaxAbs(float[] reference, float[] actual)
    {
        Assert.Equal(reference.Length, actual.Length);
        double diff = 0, scale = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(reference[i] - actual[i]));
            scale = Math.Max(scale, Math.Abs(reference[i]));
        }
        return diff / scale;
    }
}
