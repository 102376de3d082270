using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.Models;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Models.Tests.Zoo;

/// <summary>The int8 C# classes that `dotnet build` generated into the zoo compute what the int8 interpreter computes.</summary>
public class ZooInt8ClassTests
{
    private static short[] Pcm(int samples, int seed)
    {
        var random = new Random(seed);
        var pcm = new short[samples];
        for (int i = 0; i < samples; i++)
            pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 16000.0) + random.Next(-3000, 3000));
        return pcm;
    }

    [Theory]
    [InlineData("tinystream", "ultra_tiny")]
    [InlineData("tinystream", "tiny")]
    [InlineData("soundstream", "tiny")]
    public void GeneratedEncoderClassEqualsTheInterpreterCodeForCode(string model, string variant)
    {
        var zoo = ModelCatalog.Get(model, variant);
        var deploy = Lowering.Lower(zoo.BuildGraph());
        var weights = SeededQuantizedModel.Create(deploy, seed: 3);
        var generated = Assert.IsAssignableFrom<IInt8Encoder>(zoo.CreateInt8!(weights));
        var interpreter = new DeployGraphRunner(deploy, weights);

        var pcm = Pcm(deploy.StepInputSamples * 9, seed: 5);
        var expected = new ushort[9 * generated.Quantizers];
        var actual = new ushort[expected.Length];
        Assert.Equal(9, interpreter.Push(pcm, expected));
        Assert.Equal(9, generated.Push(pcm, actual));
        Assert.Equal(expected, actual);
        Assert.True(expected.Distinct().Count() > 1, "codes should vary over a noisy tone");
    }

    [Fact]
    public void GeneratedClassifierClassEqualsTheInterpreterScoreForScore()
    {
        var zoo = ModelCatalog.Get("micro-acdnet", "esc10");
        var deploy = Lowering.Lower(zoo.BuildGraph());
        var weights = SeededQuantizedModel.Create(deploy, seed: 4);
        var generated = Assert.IsAssignableFrom<IInt8Classifier>(zoo.CreateInt8!(weights));
        var pcm = Pcm(generated.InputSamples, seed: 6);
        var expected = new sbyte[generated.Classes];
        var actual = new sbyte[generated.Classes];
        new DeployGraphRunner(deploy, weights).Run(pcm, expected);
        generated.Run(pcm, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void GeneratedClassRefusesWeightsOfAnotherStructure()
    {
        var tiny = ModelCatalog.Get("tinystream", "tiny");
        var other = SeededQuantizedModel.Create(Lowering.Lower(ModelCatalog.Get("tinystream", "small").BuildGraph()), seed: 1);
        var e = Assert.ThrowsAny<Exception>(() => tiny.CreateInt8!(other));
        Assert.Contains(tiny.StructureHash, e.Message);
    }
}
