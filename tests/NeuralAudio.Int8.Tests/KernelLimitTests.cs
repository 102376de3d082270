using NeuralAudio.Int8.Tests.Infrastructure;
using NeuralAudio.Runtime;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests;

/// <summary>Graphs beyond a kernel's limits are refused with a message naming the op, not miscomputed.</summary>
public sealed class KernelLimitTests
{
    [Fact]
    public void KernelLimits_MatchesTheRvqKernel()
    {
        Encode(KernelLimits.MaxRvqDimension);
        Assert.ThrowsAny<ArgumentException>(() => Encode(KernelLimits.MaxRvqDimension + 1));
    }

    [Theory]
    [InlineData("soundstream/small")]
    [InlineData("soundstream/base")]
    public void SoundStreamWithA512DimensionalQuantizer_RunsInTheCSharpRunner(string key)
    {
        var zoo = ZooGraphs.Get(key);
        Assert.True(zoo.RunsInCSharp);
        _ = new DeployGraphRunner(zoo.Deploy, References.Model(zoo, 1));
    }

    private static void Encode(int dim)
    {
        var p = new RvqParams(1, 2, dim, 4, 0);
        RvqKernel.Encode(p, new sbyte[dim], 1, new sbyte[2 * dim], [0], [0, 0], [1 << 30], [0], new ushort[1]);
    }
}
