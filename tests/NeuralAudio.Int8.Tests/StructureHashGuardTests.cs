using NeuralAudio.Int8.Tests.Infrastructure;
using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Deploy;
using NeuralAudio.ModelDsl.Emit.C;
using NeuralAudio.ModelDsl.Ir;
using NeuralAudio.Models;
using NeuralAudio.Runtime.Deploy;

namespace NeuralAudio.Int8.Tests;

/// <summary>Weights exported for one structure cannot be used with code generated for another.</summary>
public sealed class StructureHashGuardTests(CBuildFixture c) : IClassFixture<CBuildFixture>
{
    /// <summary>tinystream/tiny's symbol with the structure of TinyStream.Small: same file names, other hash.</summary>
    private static DeployGraph Impostor() =>
        Lowering.Lower(GraphBuilder.Build("tinystream", "tiny", ModelFamily.Codec, b => TinyStream.Define(b, TinyStream.Small)));

    [Fact]
    public void AWeightsFileForAnotherStructure_FailsToCompileWithTheErrorNamingBothHashes()
    {
        var zoo = ZooGraphs.Get("tinystream/tiny");
        var other = Impostor();
        string hash = GraphPrinter.StructureHash(zoo.Graph), otherHash = GraphPrinter.StructureHash(other.Source);
        Assert.NotEqual(hash, otherHash);

        string dir = c.Folder("hash-guard");
        File.WriteAllText(Path.Combine(dir, CNames.HeaderFile(other)), CEmitter.EmitHeader(other, DeployMemoryPlan.Plan(other)));
        File.WriteAllText(Path.Combine(dir, CNames.WeightsFile(zoo.Deploy)), CWeightsEmitter.Emit(zoo.Deploy, SeededQuantizedModel.Create(zoo.Deploy, 1)));
        var e = Assert.Throws<InvalidOperationException>(() => c.Compile(dir, CNames.WeightsFile(zoo.Deploy), ["-O0"]));
        Assert.Contains($"#error \"weights exported for structure {hash}, but tinystream_tiny.h is another structure", e.Message);
        Assert.Contains($"tinystream_tiny.h is structure {otherHash}", e.Message);
    }

    [Fact]
    public void AWeightsFileForAnotherDeployLayout_FailsToCompileSayingWhatToRegenerate()
    {
        var zoo = ZooGraphs.Get("tinystream/tiny");
        string dir = c.Folder("layout-guard");
        // A header generated under the previous lowering rules: same structure hash, other layout number.
        string header = CEmitter.EmitHeader(zoo.Deploy, zoo.Plan);
        string current = $"#define TINYSTREAM_TINY_DEPLOY_LAYOUT {DeployLayout.Version} ";
        Assert.Contains(current, header);
        File.WriteAllText(Path.Combine(dir, CNames.HeaderFile(zoo.Deploy)), header.Replace(current, $"#define TINYSTREAM_TINY_DEPLOY_LAYOUT {DeployLayout.Version - 1} "));
        File.WriteAllText(Path.Combine(dir, CNames.WeightsFile(zoo.Deploy)), CWeightsEmitter.Emit(zoo.Deploy, SeededQuantizedModel.Create(zoo.Deploy, 1)));
        var e = Assert.Throws<InvalidOperationException>(() => c.Compile(dir, CNames.WeightsFile(zoo.Deploy), ["-O0"]));
        Assert.Contains($"weights exported under deploy layout {DeployLayout.Version}, but tinystream_tiny.h was generated under another", e.Message);
    }

    [Fact]
    public void AWeightsFileForItsOwnStructure_Compiles()
    {
        var zoo = ZooGraphs.Get("tinystream/tiny");
        c.CompileOnly(zoo.Deploy, zoo.Plan, SeededQuantizedModel.Create(zoo.Deploy, 1), "own-hash");
    }

    [Fact]
    public void TheGeneratedCSharpClass_RefusesAModelForAnotherStructure_NamingBothHashes()
    {
        var zoo = ZooGraphs.Get("tinystream/tiny");
        var other = Impostor();
        var foreign = SeededQuantizedModel.Create(other, 1);
        var e = Assert.Throws<ArgumentException>(() => EmittedCSharp.Encoder(zoo, foreign));
        Assert.Contains(GraphPrinter.StructureHash(zoo.Graph), e.Message);
        Assert.Contains(foreign.StructureHash, e.Message);
    }

    [Fact]
    public void TheRunnerAndTheWeightsExporter_RefuseAModelForAnotherStructure()
    {
        var zoo = ZooGraphs.Get("tinystream/tiny");
        var foreign = SeededQuantizedModel.Create(Impostor(), 1);
        Assert.Contains(foreign.StructureHash, Assert.Throws<ArgumentException>(() => new DeployGraphRunner(zoo.Deploy, foreign)).Message);
        Assert.Contains(foreign.StructureHash, Assert.Throws<ArgumentException>(() => CWeightsEmitter.Emit(zoo.Deploy, foreign)).Message);
    }

    [Fact]
    public void AModelMissingATable_IsRefusedNamingTheOp()
    {
        var zoo = ZooGraphs.Get("micro-acdnet/esc10");
        var model = SeededQuantizedModel.Create(zoo.Deploy, 1);
        var ops = model.Ops.ToDictionary(kv => kv.Key, kv => kv.Value);
        ops.Remove("classifier.fc13");
        var broken = new QuantizedModel
        {
            ModelId = model.ModelId, Variant = model.Variant, StructureHash = model.StructureHash, Activations = model.Activations, Ops = ops,
        };
        Assert.Contains("'classifier.fc13'", Assert.Throws<ArgumentException>(() => EmittedCSharp.Classifier(zoo, broken)).Message);
        Assert.Contains("'classifier.fc13'", Assert.Throws<ArgumentException>(() => new DeployGraphRunner(zoo.Deploy, broken)).Message);
    }
}
