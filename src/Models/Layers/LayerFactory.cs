using NeuralAudio.ModelDsl.Emit;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Models.Layers;

/// <summary>
/// Creates the module a <see cref="LayerSpec"/> describes, with the same arguments the emitter prints, so a
/// run-time <see cref="GraphModule"/> is built exactly as a generated module is.
/// </summary>
public static class LayerFactory
{
    public static nn.Module<Tensor, Tensor> Create(LayerSpec spec) => spec.TypeName switch
    {
        nameof(PaddedConv1d) => new PaddedConv1d(spec.Long("inChannels"), spec.Long("outChannels"), spec.Long("kernel"),
            spec.Long("stride"), spec.Long("dilation"), spec.Long("groups"), spec.Bool("bias"),
            spec.Long("padLeft"), spec.Long("padRight")),
        nameof(PaddedConv2d) => new PaddedConv2d(spec.Long("inChannels"), spec.Long("outChannels"),
            spec.Long("kernelH"), spec.Long("kernelW"), spec.Long("strideH"), spec.Long("strideW"),
            spec.Long("dilationH"), spec.Long("dilationW"), spec.Long("groups"), spec.Bool("bias"),
            spec.Long("padTop"), spec.Long("padBottom"), spec.Long("padLeft"), spec.Long("padRight")),
        nameof(CroppedConvTranspose1d) => new CroppedConvTranspose1d(spec.Long("inChannels"), spec.Long("outChannels"),
            spec.Long("kernel"), spec.Long("stride"), spec.Bool("bias"), spec.Long("cropLeft"), spec.Long("cropRight")),
        "BatchNorm1d" => nn.BatchNorm1d(num_features: spec.Long("num_features")),
        "BatchNorm2d" => nn.BatchNorm2d(num_features: spec.Long("num_features")),
        "Linear" => nn.Linear(inputSize: spec.Long("inputSize"), outputSize: spec.Long("outputSize"), hasBias: spec.Bool("hasBias")),
        "Dropout" => nn.Dropout(p: spec.Double("p")),
        nameof(ResidualVectorQuantizer) => new ResidualVectorQuantizer(spec.Long("numQuantizers"), spec.Long("codebookSize"),
            spec.Long("dimension")),
        _ => throw new NotSupportedException($"no factory for layer type '{spec.TypeName}'"),
    };
}
