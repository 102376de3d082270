using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>TensorBoard event files through TorchSharp's <c>torch.utils.tensorboard.SummaryWriter</c>.</summary>
public sealed class TensorBoardLog : ITrainingLog
{
    private readonly SummaryWriter _writer;

    /// <summary>Writes event files into <paramref name="folder"/> (created).</summary>
    public TensorBoardLog(string folder)
    {
        Directory.CreateDirectory(folder);
        Folder = folder;
        _writer = utils.tensorboard.SummaryWriter(folder);
    }

    /// <summary>The event-file folder.</summary>
    public string Folder { get; }

    /// <inheritdoc />
    public void Scalar(string tag, double value, long step) => _writer.add_scalar(tag, (float)value, (int)Math.Min(step, int.MaxValue));

    /// <inheritdoc />
    public void Flush() { }

    /// <inheritdoc />
    public void Dispose() { }
}
