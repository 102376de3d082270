using System.Text;
using System.Text.Json;
using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.Models;
using NeuralAudio.Models.Layers;
using NeuralAudio.Training.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// SoundStream-style GAN training of one codec variant on CPU: the generator (the model's encoder, residual VQ and
/// decoder) learns from the multi-scale mel loss, the commitment loss and, after the warm-up, the hinge and
/// feature-matching losses of <see cref="CodecDiscriminator"/>; codebooks learn by EMA (<see cref="CodebookEma"/>).
/// Every random choice of a step is seeded from (seed, step), and the checkpoint holds every state that changes, so a
/// resumed run reproduces the uninterrupted one.
/// </summary>
public sealed class CodecTrainer : IDisposable
{
    /// <summary>Checkpoint section of the discriminator's state dict.</summary>
    public const string DiscriminatorSection = "discriminator";
    /// <summary>Checkpoint section of the codebook EMA statistics.</summary>
    public const string CodebookEmaSection = "codebook_ema";
    /// <summary>Checkpoint section of the generator's Adam state.</summary>
    public const string GeneratorOptimizerSection = "g_optimizer";
    /// <summary>Checkpoint section of the discriminator's Adam state.</summary>
    public const string DiscriminatorOptimizerSection = "d_optimizer";
    /// <summary>Checkpoint section of the learning-rate schedule and training state (JSON).</summary>
    public const string TrainingStateSection = "training_state";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly ICodecModule _codec;
    private readonly Parameter _codebooks;
    private readonly Adam _generatorOptimizer;
    private readonly Adam _discriminatorOptimizer;
    private readonly List<Parameter> _generatorParameters;
    private readonly List<Parameter> _discriminatorParameters;
    private readonly MultiScaleMelLoss _melLoss;
    private readonly Generator _random = new(1, CPU);

    /// <summary>
    /// A fresh run: weights drawn after <c>torch.manual_seed(options.Seed)</c>, codebooks to be set by k-means on the
    /// first batch.
    /// </summary>
    public CodecTrainer(ModelVariant variant, CodecTrainingOptions options, string runName)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Variant = variant; Options = options; RunName = runName;
        var cost = CostModel.Analyze(variant.BuildGraph());
        HopSamples = cost.HopSamples;

        manual_seed(options.Seed);
        Generator = variant.CreateModule();
        _codec = Generator as ICodecModule
            ?? throw new ArgumentException($"{variant.FullName} is a {variant.Family} model, not a codec", nameof(variant));
        // Zero biases and LSUV over encoder and decoder (CodecInitialization): with PyTorch's default initialisation
        // the decoded audio hardly depends on the code, so neither half can learn.
        CodecInitialization.Prepare(Generator, variant, options.Seed);
        Discriminator = new CodecDiscriminator(options.DiscriminatorWidth);
        var rvq = _codec.Quantizer;
        _codebooks = rvq.Codebooks;
        _codebooks.requires_grad = false; // learnt by EMA, never by the optimiser
        Ema = new CodebookEma(rvq.NumQuantizers, rvq.CodebookSize, rvq.Dimension, options.EmaDecay, options.DeadCodeThreshold);
        SampleRate = Generator.SampleRate;
        ChunkSamples = (int)Math.Max(1, Math.Floor(options.AudioLengthSeconds * SampleRate / HopSamples)) * HopSamples;
        if (ChunkSamples < 2048)
            throw new ArgumentException($"--audio-length {options.AudioLengthSeconds}: chunks must hold at least 2048 samples " +
                                        $"({2048.0 / SampleRate:0.###} s at {SampleRate} Hz) for the 2048-point mel scale and the STFT discriminator");

        _generatorParameters = Generator.parameters().Where(p => p.Handle != _codebooks.Handle).ToList();
        _discriminatorParameters = Discriminator.parameters().ToList();
        _generatorOptimizer = optim.Adam(_generatorParameters, options.GeneratorLearningRate, options.Beta1, options.Beta2);
        _discriminatorOptimizer = optim.Adam(_discriminatorParameters, options.DiscriminatorLearningRate, options.Beta1, options.Beta2);
        _melLoss = new MultiScaleMelLoss(SampleRate);
        Generator.train();
        Discriminator.train();
    }

    /// <summary>The variant being trained.</summary>
    public ModelVariant Variant { get; }
    /// <summary>Settings of the run.</summary>
    public CodecTrainingOptions Options { get; }
    /// <summary>Name of the run (checkpoint and log names).</summary>
    public string RunName { get; private set; }
    /// <summary>The codec module (checkpoint section <c>model</c>).</summary>
    public NeuralModule Generator { get; }
    /// <summary>The adversary.</summary>
    public CodecDiscriminator Discriminator { get; }
    /// <summary>Codebook EMA statistics.</summary>
    public CodebookEma Ema { get; }
    /// <summary>Model sample rate.</summary>
    public int SampleRate { get; }
    /// <summary>Samples per code frame.</summary>
    public int HopSamples { get; }
    /// <summary>Samples per training chunk (whole frames).</summary>
    public int ChunkSamples { get; }
    /// <summary>Steps completed; the next step has this index.</summary>
    public long Step { get; private set; }
    /// <summary>Epoch the next step falls in.</summary>
    public int Epoch { get; set; }

    /// <summary>Generator learning rate at step <paramref name="step"/> (exponential decay per step).</summary>
    public double GeneratorLearningRate(long step) => Options.GeneratorLearningRate * Math.Pow(Options.LearningRateDecay, step);
    /// <summary>Discriminator learning rate at step <paramref name="step"/>.</summary>
    public double DiscriminatorLearningRate(long step) => Options.DiscriminatorLearningRate * Math.Pow(Options.LearningRateDecay, step);

    /// <summary>One step on <paramref name="audio"/> (B, 1, <see cref="ChunkSamples"/>).</summary>
    public CodecStepResult TrainStep(Tensor audio)
    {
        using var scope = NewDisposeScope();
        long step = Step;
        _random.manual_seed(DerivedSeed.Long(Options.Seed, step, 0x7a1));
        var dice = new Random(DerivedSeed.Of(Options.Seed, step, 0xd209));
        long batch = audio.shape[0];
        int nq = (int)_codebooks.shape[0];
        long[]? stages = null;
        if (nq > 1 && dice.NextDouble() < Options.QuantizerDropoutRate)
            stages = Enumerable.Range(0, (int)batch).Select(_ => (long)dice.Next(1, nq + 1)).ToArray();
        bool adversarial = step >= Options.DiscriminatorWarmupSteps;
        double gLr = GeneratorLearningRate(step), dLr = DiscriminatorLearningRate(step);
        foreach (var g in _generatorOptimizer.ParamGroups) g.LearningRate = gLr;
        foreach (var g in _discriminatorOptimizer.ParamGroups) g.LearningRate = dLr;

        // Generator.
        var embedding = _codec.Encode(audio);
        var vq = ResidualVqTrainingPass.Run(embedding, _codebooks, Ema, stages, _random);
        var decoded = _codec.Decode(vq.Quantized);
        if (decoded.shape[2] != audio.shape[2]) decoded = decoded.narrow(2, 0, Math.Min(decoded.shape[2], audio.shape[2]));
        var target = decoded.shape[2] == audio.shape[2] ? audio : audio.narrow(2, 0, decoded.shape[2]);
        var reconstruction = _melLoss.Compute(target, decoded);
        var total = reconstruction * TrainingScalars.Of(Options.LambdaReconstruction) + vq.Commitment * TrainingScalars.Of(Options.CommitmentWeight);
        Tensor? adversarialLoss = null, featureLoss = null;
        if (adversarial)
        {
            var real = Discriminator.call(target);
            var fake = Discriminator.call(decoded);
            adversarialLoss = AdversarialLosses.Generator(fake);
            featureLoss = AdversarialLosses.FeatureMatching(real, fake);
            total = total + adversarialLoss * TrainingScalars.Of(Options.LambdaAdversarial) + featureLoss * TrainingScalars.Of(Options.LambdaFeature);
        }
        _generatorOptimizer.zero_grad();
        total.backward();
        if (Options.GradientClip > 0) nn.utils.clip_grad_norm_(_generatorParameters, Options.GradientClip);
        _generatorOptimizer.step();
        var codebookStats = vq.UpdateCodebooks(_codebooks, Ema, _random);

        // Discriminator.
        double discriminatorLoss = 0;
        if (adversarial)
        {
            _discriminatorOptimizer.zero_grad();
            var real = Discriminator.call(target);
            var fake = Discriminator.call(decoded.detach());
            var loss = AdversarialLosses.Discriminator(real, fake);
            loss.backward();
            if (Options.GradientClip > 0) nn.utils.clip_grad_norm_(_discriminatorParameters, Options.GradientClip);
            _discriminatorOptimizer.step();
            discriminatorLoss = loss.item<float>();
        }

        Step = step + 1;
        return new CodecStepResult(step, reconstruction.item<float>(), vq.Commitment.item<float>(),
            adversarialLoss?.item<float>() ?? 0, featureLoss?.item<float>() ?? 0, total.item<float>(), discriminatorLoss,
            stages?.Average() ?? nq, gLr, dLr, codebookStats);
    }

    /// <summary>
    /// Writes a checkpoint atomically: section <c>model</c> (the codec, loadable by <c>CodecInference.Load</c>), the
    /// discriminator, the codebook EMA, both optimisers, and the training state; metadata carries the variant, its
    /// structure hash and config, step, epoch, run name and the training options.
    /// </summary>
    public void Save(string path)
    {
        var state = new CodecTrainingState(RunName, Step, Epoch, GeneratorLearningRate(Step), DiscriminatorLearningRate(Step), Options);
        var stateJson = JsonSerializer.Serialize(state, Json);
        var extra = new Dictionary<string, string>
        {
            ["runName"] = RunName,
            ["kind"] = "codec-training",
            ["training"] = JsonSerializer.Serialize(Options, Json),
        };
        var metadata = CheckpointMetadata.For(Variant, Step, Epoch, extra);
        CheckpointFile.Save(path, metadata, new[]
        {
            CheckpointSection.FromModule(CheckpointFile.ModelSection, Generator),
            CheckpointSection.FromModule(DiscriminatorSection, Discriminator),
            CheckpointSection.FromModule(CodebookEmaSection, Ema),
            CheckpointSection.FromBytes(GeneratorOptimizerSection, OptimizerBytes(_generatorOptimizer)),
            CheckpointSection.FromBytes(DiscriminatorOptimizerSection, OptimizerBytes(_discriminatorOptimizer)),
            CheckpointSection.FromBytes(TrainingStateSection, Encoding.UTF8.GetBytes(stateJson)),
        });
    }

    /// <summary>
    /// Continues from <paramref name="path"/>: refuses a checkpoint of another model structure or discriminator width,
    /// or one without the training sections, with a <see cref="CheckpointException"/> naming the file.
    /// </summary>
    public void Resume(string path)
    {
        var checkpoint = CheckpointFile.Load(path);
        checkpoint.EnsureFits(Variant);
        foreach (var section in new[] { DiscriminatorSection, CodebookEmaSection, GeneratorOptimizerSection, DiscriminatorOptimizerSection, TrainingStateSection })
            if (!checkpoint.HasSection(section))
                throw new CheckpointException(path, $"checkpoint {path} holds weights only (no '{section}' section): it cannot resume training; train a new run instead");
        CodecTrainingState state;
        try
        {
            state = JsonSerializer.Deserialize<CodecTrainingState>(checkpoint.ReadSection(TrainingStateSection), Json)
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"checkpoint {path} is corrupt: its training state is not valid JSON ({e.Message})", e);
        }
        if (Math.Abs(state.Options.DiscriminatorWidth - Options.DiscriminatorWidth) > 1e-12)
            throw new CheckpointException(path, $"checkpoint {path} was trained with --disc-width {state.Options.DiscriminatorWidth}, not {Options.DiscriminatorWidth}");
        checkpoint.LoadInto(CheckpointFile.ModelSection, Generator);
        checkpoint.LoadInto(DiscriminatorSection, Discriminator);
        checkpoint.LoadInto(CodebookEmaSection, Ema);
        LoadOptimizer(checkpoint, GeneratorOptimizerSection, _generatorOptimizer);
        LoadOptimizer(checkpoint, DiscriminatorOptimizerSection, _discriminatorOptimizer);
        _codebooks.requires_grad = false;
        Generator.train();
        Discriminator.train();
        Step = state.Step;
        Epoch = state.Epoch;
        RunName = state.RunName;
    }

    private static byte[] OptimizerBytes(OptimizerHelper optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            optimizer.save_state_dict(writer);
        return buffer.ToArray();
    }

    private static void LoadOptimizer(CheckpointFile checkpoint, string section, OptimizerHelper optimizer)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(checkpoint.ReadSection(section), writable: false));
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(checkpoint.Path, $"checkpoint {checkpoint.Path}: section '{section}' does not fit the optimiser: {e.Message}", e);
        }
    }

    /// <summary>Releases modules and optimiser state.</summary>
    public void Dispose()
    {
        _melLoss.Dispose();
        Generator.Dispose();
        Discriminator.Dispose();
        Ema.Dispose();
        _random.Dispose();
    }
}
