using TorchSharp;

namespace NeuralAudio.Training.Checkpoints;

/// <summary>
/// One named binary section of a checkpoint: a module's state dict written with TorchSharp's own
/// <c>Module.save</c> (model, discriminator, ...) or raw bytes a component serialises itself (optimizer state).
/// </summary>
public sealed class CheckpointSection
{
    private CheckpointSection(string name, Func<byte[]> payload)
    {
        CheckpointFile.CheckSectionName(name);
        Name = name;
        Payload = payload;
    }

    /// <summary>Section name, e.g. <c>model</c>.</summary>
    public string Name { get; }

    internal Func<byte[]> Payload { get; }

    /// <summary>The state dict of <paramref name="module"/>, serialised when the checkpoint is written.</summary>
    public static CheckpointSection FromModule(string name, torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return new CheckpointSection(name, () =>
        {
            using var buffer = new MemoryStream();
            module.save(buffer);
            return buffer.ToArray(); // ToArray works after save has closed the stream
        });
    }

    /// <summary>A section whose bytes are produced when the checkpoint is written (tests use it to fail mid-write).</summary>
    internal static CheckpointSection FromPayload(string name, Func<byte[]> payload) => new(name, payload);

    /// <summary>Bytes that the caller serialised itself.</summary>
    public static CheckpointSection FromBytes(string name, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new CheckpointSection(name, () => bytes);
    }
}
