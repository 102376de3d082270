using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models.Layers;

namespace NeuralAudio.Models;

/// <summary>
/// One declared model variant as the generator registered it: its config, the compile-time IR, and ways to build
/// the graph and the generated TorchSharp module at run time.
/// </summary>
public sealed class ModelVariant
{
    private readonly Action<IModelBuilder, object> _define;
    private readonly Func<NeuralModule>? _createModule;

    public ModelVariant(string modelId, string variant, ModelFamily family, object config, string structureHash,
        string compiledIr, Action<IModelBuilder, object> define, Func<NeuralModule>? createModule)
    {
        ModelId = modelId; Variant = variant; Family = family; Config = config; StructureHash = structureHash;
        CompiledIr = compiledIr; _define = define; _createModule = createModule;
    }

    public string ModelId { get; }
    public string Variant { get; }
    public ModelFamily Family { get; }

    /// <summary>The variant's config record (e.g. a <c>TinyStreamConfig</c>).</summary>
    public object Config { get; }

    /// <summary>Structure hash computed by the generator at build time.</summary>
    public string StructureHash { get; }

    /// <summary>The IR as the generator evaluated it, in <see cref="GraphPrinter"/> text.</summary>
    public string CompiledIr { get; }

    /// <summary><c>model/variant</c>, the way users name it.</summary>
    public string FullName => ModelId + "/" + Variant;

    /// <summary>Runs the definition method at run time on this variant's config.</summary>
    public Graph BuildGraph() => BuildGraph(Config, Variant);

    /// <summary>
    /// Runs the definition on any config of the declared type: this is how configs known only at run time
    /// (e.g. <c>--C 24 --D 256</c>) become models, through <see cref="GraphModule"/>.
    /// </summary>
    public Graph BuildGraph(object config, string variantName) =>
        GraphBuilder.Build(ModelId, variantName, Family, b => _define(b, config));

    /// <summary>
    /// Builds the generated int8 inference class (an <c>IInt8Encoder</c> or <c>IInt8Classifier</c>) over exported
    /// weights; null when the model has no deployable part. The class refuses weights of another structure.
    /// </summary>
    public Func<NeuralAudio.Runtime.Deploy.QuantizedModel, object>? CreateInt8 { get; init; }

    /// <summary>The generated module for this exact variant, or a <see cref="GraphModule"/> when none was generated.</summary>
    public NeuralModule CreateModule() => _createModule?.Invoke() ?? new GraphModule(BuildGraph());

    /// <summary>
    /// The same model declared on another config (e.g. SoundStream with <c>--C 24 --D 256</c>): a variant named
    /// <paramref name="variantName"/> whose graph, structure hash and module come from the run-time builder.
    /// </summary>
    public ModelVariant WithConfig(object config, string variantName)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.GetType() != Config.GetType())
            throw new ArgumentException($"{FullName} takes a {Config.GetType().Name}, not a {config.GetType().Name}", nameof(config));
        var graph = BuildGraph(config, variantName);
        return new ModelVariant(ModelId, variantName, Family, config, GraphPrinter.StructureHash(graph),
            GraphPrinter.Print(graph), _define, createModule: null);
    }

    public override string ToString() => FullName;
}
