using System.Buffers.Binary;

namespace NeuralAudio.Runtime.Tests.Infrastructure;

/// <summary>One call of a C kernel in the driver's binary protocol (see c/kernel_driver.c).</summary>
internal sealed class KernelRequest(KernelId kernel)
{
    private readonly List<int> parameters = [];
    private readonly List<(int ElementSize, byte[] Data)> buffers = [];

    public KernelId Kernel { get; } = kernel;

    public KernelRequest Params(params int[] values)
    {
        parameters.AddRange(values);
        return this;
    }

    public KernelRequest S8(ReadOnlySpan<sbyte> values)
    {
        buffers.Add((1, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray()));
        return this;
    }

    public KernelRequest S16(ReadOnlySpan<short> values)
    {
        var data = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), values[i]);
        buffers.Add((2, data));
        return this;
    }

    public KernelRequest S32(ReadOnlySpan<int> values)
    {
        var data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i * 4), values[i]);
        buffers.Add((4, data));
        return this;
    }

    /// <summary>The int32 buffers of this request, decoded (for tests that rerun its inputs elsewhere).</summary>
    public int[][] Int32Buffers() => buffers.Where(b => b.ElementSize == 4)
        .Select(b => Enumerable.Range(0, b.Data.Length / 4).Select(i => BinaryPrimitives.ReadInt32LittleEndian(b.Data.AsSpan(4 * i))).ToArray())
        .ToArray();

    /// <summary>A copy of this request for another kernel id (e.g. the generic loop of the same case).</summary>
    public KernelRequest As(KernelId kernel)
    {
        var copy = new KernelRequest(kernel);
        copy.parameters.AddRange(parameters);
        copy.buffers.AddRange(buffers);
        return copy;
    }

    public void WriteTo(Stream stream)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write((int)Kernel);
        w.Write(parameters.Count);
        foreach (int p in parameters) w.Write(p);
        w.Write(buffers.Count);
        foreach (var (size, data) in buffers)
        {
            w.Write(size);
            w.Write(data.Length / size);
            w.Write(data);
        }
    }
}
