using System.Globalization;
using System.Text.Json;
using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Deploy;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Cli.Commands;

/// <summary>
/// What the int8 path produced for one clip and how far it is from the float model with the same weights: embedding
/// SNR and first-stage code agreement for an encoder, top-1 agreement and probability error for a classifier.
/// </summary>
public sealed record Int8Agreement(
    string Model,
    string Backend,
    int Frames,
    ushort[][]? Codes,
    int? Label,
    int? FloatLabel,
    double[]? Scores,
    double? EmbeddingSnrDb,
    double? FirstStageCodeAgreement,
    double? MaxProbabilityError,
    JsonElement? CBackend)
{
    public static Int8Agreement Measure(ModelVariant variant, NeuralModule module, DeployGraph deploy, QuantizedModel weights, short[] pcm)
    {
        var int8 = variant.CreateInt8?.Invoke(weights)
            ?? throw new InvalidOperationException($"{variant.FullName} has no int8 code (its graph cannot be deployed)");
        return variant.Family == ModelFamily.Codec
            ? MeasureEncoder(variant, module, deploy, weights, (IInt8Encoder)int8, pcm)
            : MeasureClassifier(variant, module, (IInt8Classifier)int8, pcm);
    }

    private static Int8Agreement MeasureEncoder(ModelVariant variant, NeuralModule module, DeployGraph deploy, QuantizedModel weights,
        IInt8Encoder encoder, short[] pcm)
    {
        int frames = pcm.Length / encoder.HopSamples;
        if (frames == 0) throw new ArgumentException($"the clip has {pcm.Length} samples, less than one {encoder.HopSamples}-sample frame");
        var clip = pcm.AsSpan(0, frames * encoder.HopSamples).ToArray();
        var codes = new ushort[frames * encoder.Quantizers];
        encoder.Push(clip, codes);

        // The embedding is internal to the generated class; the interpreter (bit-exact with it) exposes it.
        var embeddingName = deploy.Tensor(deploy.Ops.Single(o => o.Kind == DeployOpKind.ResidualVq).Inputs[0]).Name;
        var dequantised = new List<float>();
        var runner = new DeployGraphRunner(deploy, weights)
        {
            Observer = (name, values, q) =>
            {
                if (name != embeddingName) return;
                foreach (var v in values) dequantised.Add(q.Scale * (v - q.ZeroPoint));
            },
        };
        runner.Push(clip, new ushort[codes.Length]);

        var codec = (ICodecModule)module;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var audio = torch.tensor(clip.Select(s => s / 32768f).ToArray()).reshape(1, 1, clip.Length);
        var embedding = codec.Encode(audio);                         // (1, D, frames)
        var floatCodes = codec.Quantizer.Encode(embedding);          // (1, Nq, frames)
        var reference = embedding[0].transpose(0, 1).contiguous().data<float>().ToArray(); // [frames][D], channels last
        double signal = 0, noise = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            signal += reference[i] * (double)reference[i];
            noise += (reference[i] - dequantised[i]) * (double)(reference[i] - dequantised[i]);
        }
        int agree = 0;
        var firstStage = floatCodes[0, 0].data<long>().ToArray();
        for (int f = 0; f < frames; f++) if (firstStage[f] == codes[f * encoder.Quantizers]) agree++;

        var perFrame = Enumerable.Range(0, frames).Select(f => codes.AsSpan(f * encoder.Quantizers, encoder.Quantizers).ToArray()).ToArray();
        return new Int8Agreement(variant.FullName, "csharp", frames, perFrame, null, null, null,
            10 * Math.Log10(signal / Math.Max(noise, 1e-30)), (double)agree / frames, null, null);
    }

    private static Int8Agreement MeasureClassifier(ModelVariant variant, NeuralModule module, IInt8Classifier classifier, short[] pcm)
    {
        var window = new short[classifier.InputSamples];
        pcm.AsSpan(0, Math.Min(pcm.Length, window.Length)).CopyTo(window); // zero-padded like na_host
        var scores = new sbyte[classifier.Classes];
        classifier.Run(window, scores);
        var probabilities = scores.Select(s => (s + 128) / 256.0).ToArray(); // softmax output: scale 1/256, zero point -128

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(window.Select(s => s / 32768f).ToArray()).reshape(1, 1, 1, window.Length);
        var floatProbabilities = module.forward(input)[0].data<float>().ToArray();
        int label = ArgMax(probabilities), floatLabel = ArgMax(floatProbabilities.Select(p => (double)p).ToArray());
        double maxError = probabilities.Zip(floatProbabilities, (a, b) => Math.Abs(a - b)).Max();
        return new Int8Agreement(variant.FullName, "csharp", 1, null, label, floatLabel, probabilities, null, null, maxError, null);
    }

    private static int ArgMax(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    public void Print(TextWriter o)
    {
        string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        o.WriteLine($"{Model} (int8, {Backend})");
        if (Codes != null)
        {
            o.WriteLine($"  frames                 {Frames}");
            foreach (var (frame, i) in Codes.Take(8).Select((c, i) => (c, i))) o.WriteLine($"  frame {i,-4}             {string.Join(" ", frame)}");
            if (Codes.Length > 8) o.WriteLine($"  ...                    {Codes.Length - 8} more frames (--json prints all)");
            o.WriteLine($"  embedding SNR          {F(EmbeddingSnrDb!.Value, "0.0")} dB vs float");
            o.WriteLine($"  first-stage codes      {F(100 * FirstStageCodeAgreement!.Value, "0.0")} % equal to float");
        }
        else
        {
            o.WriteLine($"  label                  {Label} (float: {FloatLabel})");
            o.WriteLine($"  top score              {F(Scores!.Max(), "0.000")}");
            o.WriteLine($"  max |p_int8 - p_float| {F(MaxProbabilityError!.Value, "0.000")}");
        }
        if (CBackend is { } c) o.WriteLine("  na_host                " + c.GetRawText().Replace("\n", " "));
    }
}
