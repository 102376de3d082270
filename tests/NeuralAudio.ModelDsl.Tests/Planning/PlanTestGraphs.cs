using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.ModelDsl.Planning;

namespace NeuralAudio.ModelDsl.Tests.Planning;

/// <summary>Writes explicit steps the way a lowering pass would: every op makes one new tensor.</summary>
internal sealed class StepGraph
{
    private readonly List<PlanTensorSpec> _tensors = new();
    private readonly List<PlanStep> _steps = new();
    private readonly List<int> _inputs = new();
    private readonly List<int> _extraOutputs = new();

    public int StepCount => _steps.Count;

    public long Size(int id) => _tensors[id].SizeBytes;

    public int Input(long size, string name = "input")
    {
        int id = Declare(name, size);
        _inputs.Add(id);
        return id;
    }

    /// <summary>One step with a single output of <paramref name="size"/> bytes.</summary>
    public int Op(string name, long size, bool elementwise, params int[] inputs)
    {
        int id = Declare(name, size);
        _steps.Add(new PlanStep(_steps.Count, name, inputs, new[] { id }, elementwise));
        return id;
    }

    /// <summary>One step with two outputs (a split).</summary>
    public (int, int) Split(string name, long size0, long size1, int input)
    {
        int a = Declare(name + ".0", size0), b = Declare(name + ".1", size1);
        _steps.Add(new PlanStep(_steps.Count, name, new[] { input }, new[] { a, b }));
        return (a, b);
    }

    public void MarkOutput(int id) => _extraOutputs.Add(id);

    public PlanGraph Build(params int[] outputs) =>
        PlanGraph.Build(_steps, _tensors, _inputs, outputs.Concat(_extraOutputs).Distinct().ToArray());

    private int Declare(string name, long size)
    {
        int id = _tensors.Count;
        _tensors.Add(new PlanTensorSpec(id, name + "#" + id, size));
        return id;
    }
}

/// <summary>Zoo-like IR graphs (replicas of the zoo's layouts, built here so the test needs no Models project).</summary>
internal static class ZooLikeGraphs
{
    /// <summary>
    /// TinyStream-like causal encoder: stem conv k7 + ELU; per block three residual units (depthwise k7 dilated 1/3/9,
    /// pointwise, ELU, pointwise, add, ELU) and a strided downsampling conv (kernel 2S, stride S) doubling channels;
    /// head conv k3 to <paramref name="embedding"/>.
    /// </summary>
    public static Graph TinyStreamEncoder(int channels, int frames, int blocks = 4, int stride = 4, int embedding = 64,
        bool separableDown = true)
    {
        int hop = 1;
        for (int i = 0; i < blocks; i++) hop *= stride;
        return GraphBuilder.Build("tinystream-like", $"c{channels}-f{frames}", ModelFamily.Codec, b =>
        {
            var x = b.Input(1, hop * frames, 16000);
            using (b.Part("encoder"))
            {
                using (b.Scope("stem")) x = x.Conv1d(channels, 7).Elu();
                int ch = channels;
                int[] dilations = { 1, 3, 9 };
                for (int i = 0; i < blocks; i++)
                {
                    ch *= 2;
                    using (b.Scope("block" + i))
                    {
                        for (int r = 0; r < dilations.Length; r++)
                        {
                            using (b.Scope("res" + r))
                            {
                                var y = x.DepthwiseConv1d(7, dilation: dilations[r]).Conv1d(x.Channels, 1).Elu().Conv1d(x.Channels, 1);
                                x = x.Add(y).Elu();
                            }
                        }
                        using (b.Scope("down"))
                        {
                            x = separableDown
                                ? x.DepthwiseConv1d(2 * stride, stride: stride).Conv1d(ch, 1)
                                : x.Conv1d(ch, 2 * stride, stride: stride);
                            x = x.Elu();
                        }
                    }
                }
                using (b.Scope("head")) x = x.Conv1d(embedding, 3);
            }
            b.Output(x);
        });
    }

    /// <summary>
    /// ACDNet-like 2-D chain (shared/REFERENCE.md section 1): SFEB (two strided 1xk convs, max-pool), swap, TFEB
    /// (3x3 conv pairs with (2,2) pools), 1x1 conv, average pool, linear, softmax; each conv with BatchNorm + ReLU.
    /// </summary>
    public static Graph AcdNet(int[] ch, int numClasses = 50, int inputLength = 30225, int sampleRate = 20000)
    {
        int frames = inputLength * 100 / sampleRate;
        int[] poolH = PoolSizes(ch[1]), poolW = PoolSizes(frames);
        return GraphBuilder.Build("acdnet-like", "v", ModelFamily.Classifier, b =>
        {
            var x = b.Input2d(1, 1, inputLength, sampleRate);
            using (b.Part("classifier"))
            {
                x = ConvBnRelu(x, ch[0], 1, 9, 2, Padding.Valid);
                x = ConvBnRelu(x, ch[1], 1, 5, 2, Padding.Valid);
                x = x.MaxPool2d(1, sampleRate / 1000 * 10 / 4);
                x = x.Permute(1, 0, 2);
                x = ConvBnRelu(x, ch[2], 3, 3, 1, Padding.Same);
                x = MaybePool(x, poolH[0], poolW[0]);
                for (int pair = 0; pair < 4; pair++)
                {
                    x = ConvBnRelu(x, ch[3 + 2 * pair], 3, 3, 1, Padding.Same);
                    x = ConvBnRelu(x, ch[4 + 2 * pair], 3, 3, 1, Padding.Same);
                    x = MaybePool(x, poolH[pair + 1], poolW[pair + 1]);
                }
                x = x.Dropout(0.2);
                x = ConvBnRelu(x, ch[11], 1, 1, 1, Padding.Valid);
                x = x.AvgPool2d(poolH[5], poolW[5]);
                x = x.Flatten().Linear(numClasses).Softmax();
            }
            b.Output(x);
        });
    }

    public static readonly int[] AcdNetChannels = { 8, 64, 32, 64, 64, 128, 128, 256, 256, 512, 512, 50 };
    public static readonly int[] MicroAcdNetChannels = { 7, 20, 10, 14, 22, 31, 35, 41, 51, 67, 69, 48 };

    private static TensorRef ConvBnRelu(TensorRef x, int outChannels, int kh, int kw, int strideW, Padding padding) =>
        x.Conv2d(outChannels, kh, kw, strideW: strideW, padding: padding, bias: false).BatchNorm().Relu();

    private static TensorRef MaybePool(TensorRef x, int kh, int kw) => kh == 1 && kw == 1 ? x : x.MaxPool2d(kh, kw);

    private static int[] PoolSizes(int length)
    {
        var sizes = new int[6];
        for (int i = 1; i <= 6; i++)
        {
            if (length >= 2)
            {
                sizes[i - 1] = i == 6 ? length : 2;
                if (i < 6) length /= 2;
            }
            else sizes[i - 1] = 1;
        }
        return sizes;
    }
}
