using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Checkpoints;

namespace NeuralAudio.Training.Export;

/// <summary>Float weights from a checkpoint, checked against the variant they are meant for.</summary>
public static class CheckpointModel
{
    /// <summary>
    /// A module of <paramref name="variant"/> with the checkpoint's <c>model</c> section loaded, in eval mode.
    /// Throws <see cref="CheckpointException"/> naming the file when it is missing, corrupt, or trained for another structure.
    /// </summary>
    public static NeuralModule Load(ModelVariant variant, string path)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var checkpoint = CheckpointFile.Load(path, variant);
        var module = variant.CreateModule();
        try
        {
            checkpoint.LoadInto(CheckpointFile.ModelSection, module);
        }
        catch
        {
            module.Dispose();
            throw;
        }
        module.eval();
        return module;
    }
}
