using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models.Layers;
using NeuralAudio.Runtime;
using NeuralAudio.Training.Calibration;
using NeuralAudio.Training.Export;
using NeuralAudio.Training.Quantization;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Tests;

public class QuantizerTests
{
    private static (DeployGraph Graph, NeuralAudio.Runtime.Deploy.QuantizedModel Model) Quantize(string model, string variant, QuantizerOptions? options = null)
    {
        var v = NeuralAudio.Models.ModelCatalog.Get(model, variant);
        using var module = TestModels.Seeded(v);
        var (graph, quantized, _) = Exporter.Quantize(v, module, new ExportOptions { CalibrationClips = 4, Quantizer = options ?? new() });
        return (graph, quantized);
    }

    [Fact]
    public void EveryInt8Tensor_GetsAQuantisationWithZeroExact()
    {
        var (graph, model) = Quantize("micro-acdnet", "esc50");
        foreach (var t in graph.Tensors.Where(t => t.ElementType == DeployElementType.Int8))
        {
            Assert.True(model.Activations.TryGetValue(t.Name, out var q), $"no quantisation for '{t.Name}'");
            Assert.InRange(q.ZeroPoint, -128, 127);
            Assert.Equal(0.0, q.Dequantize(q.ZeroPoint));
        }
        Assert.All(graph.Ops, op => Assert.True(model.Ops.ContainsKey(op.Name), $"no tables for op '{op.Name}'"));
    }

    [Fact]
    public void PoolPermuteAndRelu_KeepTheirInputsQuantisation_SoftmaxIsFixed()
    {
        var (graph, model) = Quantize("micro-acdnet", "esc50");
        foreach (var op in graph.Ops.Where(o => o.Kind is DeployOpKind.MaxPool or DeployOpKind.AvgPool or DeployOpKind.Permute or DeployOpKind.Relu))
            Assert.Equal(model.Activations[graph.Tensor(op.Inputs[0]).Name], model.Activations[graph.Tensor(op.Output).Name]);
        var softmax = graph.Ops.Single(o => o.Kind == DeployOpKind.Softmax);
        Assert.Equal(new ActivationQuantization(1f / 256, -128), model.Activations[graph.Tensor(softmax.Output).Name]);
        Assert.Equal(1 << 30, model.Ops[softmax.Name].ExpLut![0]);
    }

    [Fact]
    public void FusedReluOutputs_StartAtTheZeroPoint_OfANonNegativeRange()
    {
        var (graph, model) = Quantize("micro-acdnet", "esc50");
        var fused = graph.Ops.Where(o => o.FusedRelu).ToList();
        Assert.NotEmpty(fused);
        foreach (var op in fused) Assert.Equal(-128, model.Activations[graph.Tensor(op.Output).Name].ZeroPoint);
    }

    [Fact]
    public void WeightedOps_HavePerChannelTablesInRange_AndBiasOnlyWhereTheKernelTakesOne()
    {
        var (graph, model) = Quantize("micro-acdnet", "esc50");
        foreach (var op in graph.Ops.Where(o => o.Kind is DeployOpKind.Conv2d or DeployOpKind.Linear))
        {
            var t = model.Ops[op.Name];
            int channels = t.Multiplier!.Length;
            Assert.Equal(channels, t.Shift!.Length);
            Assert.NotNull(t.Bias); // every conv has a folded BatchNorm, the linear its own bias
            Assert.All(t.Weights!, w => Assert.InRange(w, -127, 127));
            Assert.All(t.Multiplier, m => Assert.InRange(m, 1 << 30, int.MaxValue));
            Assert.Equal(0, t.Weights!.Length % channels);
            // Symmetric per channel: every channel reaches +-127 somewhere.
            int per = t.Weights.Length / channels;
            for (int c = 0; c < channels; c++)
                Assert.Equal(127, t.Weights.Skip(c * per).Take(per).Max(w => Math.Abs((int)w)));
        }
    }

    [Fact]
    public void AConvWithoutBiasOrBatchNorm_GetsNoBiasTable()
    {
        var graph = GraphBuilder.Build("nobias", "test", ModelFamily.Classifier, b =>
        {
            var x = b.Input(channels: 1, length: 64, sampleRate: 16000);
            using (b.Part("classifier")) x = x.Conv1d(4, 3, bias: false, name: "plain").Conv1d(2, 1, name: "biased");
            b.Output(x);
        });
        manual_seed(1);
        using var module = new GraphModule(graph);
        var deploy = Lowering.Lower(graph);
        var calibration = ActivationCalibrator.Calibrate(module, graph, CalibrationSet.Synthetic(graph, 2, 1));
        var model = PostTrainingQuantizer.Quantize(deploy, FoldedWeights.From(deploy, module), calibration);
        Assert.Null(model.Ops["classifier.plain"].Bias);
        Assert.Equal(2, model.Ops["classifier.biased"].Bias!.Length);
    }

    [Fact]
    public void ClassifierInput_FullScaleIsTheTop8BitsOfPcm()
    {
        var (graph, model) = Quantize("micro-acdnet", "esc50");
        var input = graph.Ops[0];
        Assert.Equal(DeployOpKind.QuantizeInput, input.Kind);
        Assert.Equal(new ActivationQuantization(1f / 128, 0), model.Activations[graph.Tensor(input.Output).Name]);
        QuantizationParameters.QuantizeMultiplier(1.0 / 256, out int m, out int s);
        Assert.Equal(new[] { m }, model.Ops[input.Name].Multiplier);
        Assert.Equal(new[] { s }, model.Ops[input.Name].Shift);
        var (_, calibrated) = Quantize("micro-acdnet", "esc50", new QuantizerOptions(InputRange.Calibrated));
        Assert.NotEqual(1f / 128, calibrated.Activations[graph.Tensor(input.Output).Name].Scale);
    }

    [Fact]
    public void EncoderStem_ReadsPcmAsItIs_WithItsBiasInPcmSteps()
    {
        var (graph, model) = Quantize("tinystream", "ultra_tiny");
        var stem = graph.Ops[0];
        Assert.Equal(DeployOpKind.Conv1d, stem.Kind);
        Assert.Equal(graph.PcmInput, stem.Inputs[0]);
        Assert.DoesNotContain(graph.Ops, o => o.Kind == DeployOpKind.QuantizeInput);
        Assert.Equal(new ActivationQuantization(1f / 32768, 0), model.Activations["pcm"]);
        // The bias is in units of pcm step x weight step and must stay inside the headroom int16 products leave in int32.
        var t = model.Ops[stem.Name];
        long fanIn = DeployOpLayout.FanIn(stem);
        Assert.All(t.Bias!, b => Assert.True(Math.Abs((long)b) + fanIn * 32768 * 127 <= int.MaxValue, $"bias {b}"));
    }

    [Fact]
    public void EluTable_MapsTheInputsWholeRangeWithoutClipping()
    {
        var (graph, model) = Quantize("tinystream", "ultra_tiny");
        foreach (var op in graph.Ops.Where(o => o.Kind == DeployOpKind.Lookup))
        {
            var input = model.Activations[graph.Tensor(op.Inputs[0]).Name];
            var output = model.Activations[graph.Tensor(op.Output).Name];
            var lut = model.Ops[op.Name].Lut!;
            for (int q = -128; q <= 127; q++)
            {
                double x = input.Dequantize(q), elu = x >= 0 ? x : Math.Exp(x) - 1;
                Assert.True(Math.Abs(output.Dequantize(lut[q + 128]) - elu) <= output.Scale / 2 + 1e-6, $"{op.Name}: entry {q}");
            }
        }
    }

    [Fact]
    public void RvqTables_FitTheEmbeddingsQuantisation()
    {
        var (graph, model) = Quantize("tinystream", "ultra_tiny");
        var op = graph.Ops.Single(o => o.Kind == DeployOpKind.ResidualVq);
        var rvq = model.Ops[op.Name].Rvq!;
        Assert.Equal(2, rvq.Params.Stages);
        Assert.Equal(256, rvq.Params.CodebookSize);
        Assert.Equal(64, rvq.Params.Dim);
        Assert.Equal(model.Activations[graph.Tensor(op.Inputs[0]).Name].InputOffset, rvq.Params.InputOffset);
    }

    [Fact]
    public void AFanInThatCouldOverflowInt32_FailsNamingTheOp()
    {
        // 1024 channels x 65 taps = 66,560 products per accumulator, just past 2^31 / (255 x 127) = 66,311.
        var graph = GraphBuilder.Build("overflow", "test", ModelFamily.Classifier, b =>
        {
            var x = b.Input(channels: 1, length: 256, sampleRate: 16000);
            using (b.Part("classifier"))
            {
                x = x.Conv1d(1024, 1, name: "widen");
                x = x.Conv1d(4, 65, name: "wide");
            }
            b.Output(x);
        });
        manual_seed(1);
        using var module = new GraphModule(graph);
        var deploy = Lowering.Lower(graph);
        var calibration = ActivationCalibrator.Calibrate(module, graph, CalibrationSet.Synthetic(graph, 2, 1));
        var e = Assert.Throws<QuantizationException>(() => PostTrainingQuantizer.Quantize(deploy, FoldedWeights.From(deploy, module), calibration));
        Assert.Contains("'classifier.wide'", e.Message);
        Assert.Contains("66560", e.Message);
    }
}
