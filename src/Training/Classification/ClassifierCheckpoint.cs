using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Checkpoints;
using TorchSharp;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// The per-fold checkpoints of classifier training: <c>DIR/fold-N/last.nackpt</c> after every epoch and
/// <c>DIR/fold-N/best.nackpt</c> whenever the held-out accuracy improves, each written atomically by
/// <see cref="CheckpointFile"/> with sections <c>model</c> and <c>optimizer</c> and the <see cref="ClassifierTrainingState"/>
/// in its metadata (beside the model id, variant, config and structure hash).
/// </summary>
public static class ClassifierCheckpoint
{
    /// <summary>The section holding the SGD state (momentum buffers).</summary>
    public const string OptimizerSection = "optimizer";

    /// <summary>The folder of one fold's checkpoints.</summary>
    public static string FoldFolder(string checkpointDir, int fold) => Path.Combine(checkpointDir, $"fold-{fold}");

    /// <summary>The latest state of a fold.</summary>
    public static string LastPath(string checkpointDir, int fold) => Path.Combine(FoldFolder(checkpointDir, fold), "last.nackpt");

    /// <summary>The best held-out accuracy of a fold.</summary>
    public static string BestPath(string checkpointDir, int fold) => Path.Combine(FoldFolder(checkpointDir, fold), "best.nackpt");

    /// <summary>Writes model, optimizer and state to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, ModelVariant variant, NeuralModule module, TorchSharp.Modules.OptimizerHelper optimizer, ClassifierTrainingState state)
    {
        var metadata = CheckpointMetadata.For(variant, state.Step, state.Epoch, state.ToExtra());
        CheckpointFile.Save(path, metadata, new[]
        {
            CheckpointSection.FromModule(CheckpointFile.ModelSection, module),
            CheckpointSection.FromBytes(OptimizerSection, OptimizerBytes(optimizer)),
        });
    }

    /// <summary>The training state stored in <paramref name="checkpoint"/>; throws when it is not a classifier checkpoint.</summary>
    public static ClassifierTrainingState State(CheckpointFile checkpoint) =>
        ClassifierTrainingState.From(checkpoint.Metadata)
        ?? throw new CheckpointException(checkpoint.Path, $"checkpoint {checkpoint.Path} was not written by classifier training (it has no fold or class names)");

    /// <summary>Loads the optimizer section into <paramref name="optimizer"/>.</summary>
    public static void LoadOptimizer(CheckpointFile checkpoint, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        var bytes = checkpoint.ReadSection(OptimizerSection);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(checkpoint.Path, $"checkpoint {checkpoint.Path}: its optimizer state does not fit: {e.Message}", e);
        }
    }

    private static byte[] OptimizerBytes(TorchSharp.Modules.OptimizerHelper optimizer)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
            optimizer.save_state_dict(writer);
        return memory.ToArray();
    }
}
