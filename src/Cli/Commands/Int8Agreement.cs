using System.Globalization;
using System.Text.Json;
using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime.Deploy;
using NeuralAudio.Training.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Cli.Commands;

/// <summary>
/// What the int8 path produced for one clip and how far it is from the float model with the same weights: embedding
/// SNR and first-stage code agreement for an encoder, top-1 agreement and probability error for a classifier. The
/// <c>WeightsOnly</c> figures run the float model on the int8 weights (<see cref="Int8WeightGrid"/>): the share of the
/// error the int8 weights cause, the rest being the int8 activations'.
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
    double? WeightsOnlyEmbeddingSnrDb,
    double? WeightsOnlyCodeAgreement,
    int? WeightsOnlyLabel,
    double? SearchAgreement,
    JsonElement? CBackend)
{
    /// <summary>With <c>emulate --layers</c>: each op's int8 output against float on this clip, in execution order.</summary>
    public IReadOnlyList<LayerError>? Layers { get; init; }

    public static Int8Agreement Measure(ModelVariant variant, NeuralModule module, DeployGraph deploy, QuantizedModel weights, short[] pcm)
    {
        var int8 = variant.CreateInt8?.Invoke(weights)
            ?? throw new InvalidOperationException($"{variant.FullName} has no int8 code (its graph cannot be deployed)");
        using var snapped = variant.CreateModule();
        snapped.load_state_dict(module.state_dict());
        snapped.eval();
        Int8WeightGrid.Snap(deploy, snapped);
        return variant.Family == ModelFamily.Codec
            ? MeasureEncoder(variant, module, snapped, deploy, weights, (IInt8Encoder)int8, pcm)
            : MeasureClassifier(variant, module, snapped, (IInt8Classifier)int8, pcm);
    }

    private static Int8Agreement MeasureEncoder(ModelVariant variant, NeuralModule module, NeuralModule snapped, DeployGraph deploy, QuantizedModel weights,
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

        var (reference, firstStage) = FloatEncode(module, clip);
        var (onInt8Weights, onInt8WeightsCodes) = FloatEncode(snapped, clip);
        var searched = FloatSearch(module, dequantised.ToArray(), frames);
        var perFrame = Enumerable.Range(0, frames).Select(f => codes.AsSpan(f * encoder.Quantizers, encoder.Quantizers).ToArray()).ToArray();
        return new Int8Agreement(variant.FullName, "csharp", frames, perFrame, null, null, null,
            SnrDb(reference, dequantised.ToArray()), Agreement(firstStage, frames, f => codes[f * encoder.Quantizers]), null,
            SnrDb(reference, onInt8Weights), Agreement(firstStage, frames, f => onInt8WeightsCodes[f]), null,
            Agreement(searched, frames, f => codes[f * encoder.Quantizers]), null);
    }

    /// <summary>First-stage codes of the float search on the dequantised int8 embedding [frames][D]: isolates the int8 RVQ kernel.</summary>
    private static long[] FloatSearch(NeuralModule module, float[] embedding, int frames)
    {
        var codec = (ICodecModule)module;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var e = torch.tensor(embedding).reshape(1, frames, embedding.Length / frames).permute(0, 2, 1);
        return codec.Quantizer.Encode(e)[0, 0].data<long>().ToArray();
    }

    /// <summary>The float embedding, frames-major [frames][D] like the int8 tensor, and the first-stage codes.</summary>
    private static (float[] Embedding, long[] FirstStage) FloatEncode(NeuralModule module, short[] clip)
    {
        var codec = (ICodecModule)module;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var audio = torch.tensor(clip.Select(s => s / 32768f).ToArray()).reshape(1, 1, clip.Length);
        var embedding = codec.Encode(audio);                         // (1, D, frames)
        var floatCodes = codec.Quantizer.Encode(embedding);          // (1, Nq, frames)
        return (embedding[0].transpose(0, 1).contiguous().data<float>().ToArray(), floatCodes[0, 0].data<long>().ToArray());
    }

    private static double SnrDb(float[] reference, float[] test)
    {
        double signal = 0, noise = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            signal += reference[i] * (double)reference[i];
            noise += (reference[i] - test[i]) * (double)(reference[i] - test[i]);
        }
        return 10 * Math.Log10(signal / Math.Max(noise, 1e-30));
    }

    private static double Agreement(long[] reference, int frames, Func<int, long> code)
    {
        int agree = 0;
        for (int f = 0; f < frames; f++) if (reference[f] == code(f)) agree++;
        return (double)agree / frames;
    }

    private static Int8Agreement MeasureClassifier(ModelVariant variant, NeuralModule module, NeuralModule snapped, IInt8Classifier classifier, short[] pcm)
    {
        var window = Window(pcm, classifier.InputSamples);
        var scores = new sbyte[classifier.Classes];
        classifier.Run(window, scores);
        var probabilities = scores.Select(s => (s + 128) / 256.0).ToArray(); // softmax output: scale 1/256, zero point -128

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(window.Select(s => s / 32768f).ToArray()).reshape(1, 1, 1, window.Length);
        var floatProbabilities = module.forward(input)[0].data<float>().ToArray();
        var onInt8Weights = snapped.forward(input)[0].data<float>().ToArray();
        int label = ArgMax(probabilities), floatLabel = ArgMax(floatProbabilities.Select(p => (double)p).ToArray());
        double maxError = probabilities.Zip(floatProbabilities, (a, b) => Math.Abs(a - b)).Max();
        return new Int8Agreement(variant.FullName, "csharp", 1, null, label, floatLabel, probabilities, null, null, maxError,
            null, null, ArgMax(onInt8Weights.Select(p => (double)p).ToArray()), null, null);
    }

    /// <summary>A classifier's window: the clip's first <paramref name="samples"/> samples, zero-padded like na_host.</summary>
    public static short[] Window(short[] pcm, int samples)
    {
        var window = new short[samples];
        pcm.AsSpan(0, Math.Min(pcm.Length, samples)).CopyTo(window);
        return window;
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
            o.WriteLine($"  int8 weights alone     {F(WeightsOnlyEmbeddingSnrDb!.Value, "0.0")} dB, {F(100 * WeightsOnlyCodeAgreement!.Value, "0.0")} % of codes (float model on the int8 weights)");
            o.WriteLine($"  int8 RVQ search        {F(100 * SearchAgreement!.Value, "0.0")} % of codes equal to the float search on the same int8 embedding");
        }
        else
        {
            o.WriteLine($"  label                  {Label} (float: {FloatLabel})");
            o.WriteLine($"  top score              {F(Scores!.Max(), "0.000")}");
            o.WriteLine($"  max |p_int8 - p_float| {F(MaxProbabilityError!.Value, "0.000")}");
            o.WriteLine($"  int8 weights alone     label {WeightsOnlyLabel} (float model on the int8 weights)");
        }
        if (CBackend is { } c) o.WriteLine("  na_host                " + c.GetRawText().Replace("\n", " "));
        if (Layers is { } layers)
        {
            o.WriteLine("  int8 vs float per op (SNR of its output; drift = rms per-channel mean error / rms value):");
            int width = layers.Max(l => l.Op.Length);
            foreach (var l in layers)
                o.WriteLine($"    {l.Op.PadRight(width)}  {l.Kind,-11} {l.Shape,-10} {F(l.SnrDb, "0.0"),6} dB  drift {F(l.Drift, "0.0000")}");
        }
    }
}
