using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.ModelDsl.Planning;
using NeuralAudio.Models;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests.Infrastructure;

/// <summary>A zoo variant lowered for deployment, with its arena plan and the declaration it came from.</summary>
public sealed record ZooGraph(string Key, string Declaration, Graph Graph, DeployGraph Deploy, BufferPlan Plan)
{
    /// <summary>True when the C# kernels can run it (SoundStream small/base exceed the RVQ kernel's dimension limit).</summary>
    public bool RunsInCSharp => (DeployOpLayout.Quantizer(Deploy)?.Dimension ?? 0) <= KernelLimits.MaxRvqDimension;

    /// <summary>Seeds and clip length that keep the whole suite within a few minutes on 2 cores.</summary>
    public int[] Seeds => Key.StartsWith("tinystream", StringComparison.Ordinal) || Key.StartsWith("micro-acdnet", StringComparison.Ordinal) ? [1, 2] : [1];

    /// <summary>Frames of the bit-exactness clip (encoders).</summary>
    public int Frames => Key == "soundstream/tiny" ? 9 : 17;

    public override string ToString() => Key;
}

/// <summary>The 12 zoo graphs, built at run time from the declarations (no generator, no TorchSharp), once per run.</summary>
public static class ZooGraphs
{
    private static readonly (string Key, string Declaration, ModelFamily Family, Action<IModelBuilder> Define)[] declarations =
    [
        ("tinystream/ultra_tiny", "TinyStream.UltraTiny", ModelFamily.Codec, b => TinyStream.Define(b, TinyStream.UltraTiny)),
        ("tinystream/tiny", "TinyStream.Tiny", ModelFamily.Codec, b => TinyStream.Define(b, TinyStream.Tiny)),
        ("tinystream/small", "TinyStream.Small", ModelFamily.Codec, b => TinyStream.Define(b, TinyStream.Small)),
        ("tinystream/medium", "TinyStream.Medium", ModelFamily.Codec, b => TinyStream.Define(b, TinyStream.Medium)),
        ("tinystream/full", "TinyStream.Full", ModelFamily.Codec, b => TinyStream.Define(b, TinyStream.Full)),
        ("soundstream/tiny", "SoundStream.Tiny", ModelFamily.Codec, b => SoundStream.Define(b, SoundStream.Tiny)),
        ("soundstream/small", "SoundStream.Small", ModelFamily.Codec, b => SoundStream.Define(b, SoundStream.Small)),
        ("soundstream/base", "SoundStream.Base", ModelFamily.Codec, b => SoundStream.Define(b, SoundStream.Base)),
        ("acdnet/esc50", "AcdNet.Esc50", ModelFamily.Classifier, b => AcdNet.Define(b, AcdNet.Esc50)),
        ("acdnet/esc10", "AcdNet.Esc10", ModelFamily.Classifier, b => AcdNet.Define(b, AcdNet.Esc10)),
        ("micro-acdnet/esc50", "MicroAcdNet.Esc50", ModelFamily.Classifier, b => MicroAcdNet.Define(b, MicroAcdNet.Esc50)),
        ("micro-acdnet/esc10", "MicroAcdNet.Esc10", ModelFamily.Classifier, b => MicroAcdNet.Define(b, MicroAcdNet.Esc10)),
    ];

    private static readonly Dictionary<string, Lazy<ZooGraph>> graphs = declarations.ToDictionary(d => d.Key, d => new Lazy<ZooGraph>(() =>
    {
        int slash = d.Key.IndexOf('/');
        var graph = GraphBuilder.Build(d.Key[..slash], d.Key[(slash + 1)..], d.Family, d.Define);
        var deploy = Lowering.Lower(graph);
        return new ZooGraph(d.Key, "NeuralAudio.Models." + d.Declaration, graph, deploy, DeployMemoryPlan.Plan(deploy));
    }));

    public static ZooGraph Get(string key) => graphs[key].Value;

    public static IEnumerable<string> Keys => declarations.Select(d => d.Key);

    public static TheoryData<string> All => Data(Keys);

    public static TheoryData<string> Encoders => Data(declarations.Where(d => d.Family == ModelFamily.Codec).Select(d => d.Key));

    /// <summary>Every graph the C# kernels can run: all but SoundStream small/base (RVQ dimension 512).</summary>
    public static TheoryData<string> RunnableInCSharp => Data(Keys.Where(k => Get(k).RunsInCSharp));

    /// <summary>Streaming encoders the C# kernels can run.</summary>
    public static TheoryData<string> RunnableEncoders => Data(declarations.Where(d => d.Family == ModelFamily.Codec).Select(d => d.Key).Where(k => Get(k).RunsInCSharp));

    private static TheoryData<string> Data(IEnumerable<string> keys)
    {
        var data = new TheoryData<string>();
        foreach (var k in keys) data.Add(k);
        return data;
    }
}
