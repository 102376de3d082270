using System.Buffers.Binary;
using NeuralAudio.Runtime.Tests.Infrastructure;

namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>Element type of a kernel's output buffer.</summary>
internal enum OutputElement
{
    S8,
    U16,
    S32,
}

/// <summary>
/// One seeded random call of a kernel: the request for the C driver, the same call on the C# twin, and, for cases
/// whose requantisation was derived from the float computation, the float result quantised to the output grid.
/// </summary>
internal sealed class KernelCase
{
    public required string Name { get; init; }

    public required KernelRequest Request { get; init; }

    public required Func<byte[]> RunCSharp { get; init; }

    /// <summary>For conv1d cases: the C# reference loop, which every fast path must equal.</summary>
    public Func<byte[]>? RunCSharpGeneric { get; init; }

    public OutputElement Output { get; init; } = OutputElement.S8;

    /// <summary>The float computation on the dequantised inputs, quantised to the output (null: no float check).</summary>
    public int[]? FloatExpected { get; init; }

    public override string ToString() => Name;

    public int[] Decode(byte[] bytes) => Output switch
    {
        OutputElement.S8 => bytes.Select(b => (int)(sbyte)b).ToArray(),
        OutputElement.U16 => Enumerable.Range(0, bytes.Length / 2).Select(i => (int)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i))).ToArray(),
        _ => Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * i))).ToArray(),
    };

    public static byte[] Bytes(sbyte[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    public static byte[] Bytes(ushort[] values)
    {
        var b = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2 * i), values[i]);
        return b;
    }

    public static byte[] Bytes(int[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4 * i), values[i]);
        return b;
    }
}
