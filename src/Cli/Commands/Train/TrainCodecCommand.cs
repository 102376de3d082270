using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.Models;
using NeuralAudio.Training.Audio;
using NeuralAudio.Training.Checkpoints;
using NeuralAudio.Training.Codec;
using Spectre.Console;

namespace NeuralAudio.Cli.Commands.Train;

/// <summary>
/// <c>neuralaudio train codec</c>: SoundStream-style training of a SoundStream or TinyStream variant on a folder of
/// WAV/MP3 audio, with checkpoints that <c>infer</c>, <c>encode</c>, <c>decode</c> and <c>evaluate</c> load directly.
/// </summary>
public static class TrainCodecCommand
{
    /// <summary>Exit code of a run stopped by Ctrl-C or SIGTERM after saving its checkpoint.</summary>
    public const int Interrupted = 130;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var defaults = new CodecTrainingOptions();
        var model = new Option<string>("--model") { Description = "Codec to train: soundstream or tinystream.", DefaultValueFactory = _ => "soundstream" };
        model.AcceptOnlyFromAmong("soundstream", "tinystream");
        var config = new Option<string?>("--config") { Description = "Declared variant (tinystream: ultra_tiny, tiny, small, medium, full; soundstream: tiny, small, base). Default: base / tiny." };
        var audioDir = new Option<string>("--audio-dir") { Description = "Folder of WAV or MP3 files (searched recursively).", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per batch.", DefaultValueFactory = _ => defaults.BatchSize };
        var audioLength = new Option<double>("--audio-length") { Description = "Seconds per training chunk.", DefaultValueFactory = _ => defaults.AudioLengthSeconds };
        var c = new Option<int?>("--C") { Description = "Override the encoder width C." };
        var d = new Option<int?>("--D") { Description = "Override the embedding size D." };
        var quantizers = new Option<int?>("--num-quantizers") { Description = "Override the number of RVQ stages." };
        var codebookSize = new Option<int?>("--codebook-size") { Description = "Override the entries per codebook." };
        var commitment = new Option<double>("--commitment-weight") { Description = "Weight of the commitment loss.", DefaultValueFactory = _ => defaults.CommitmentWeight };
        var gLr = new Option<double>("--g-lr") { Description = "Generator learning rate (Adam 0.5/0.9, x0.999996 per step).", DefaultValueFactory = _ => defaults.GeneratorLearningRate };
        var dLr = new Option<double>("--d-lr") { Description = "Discriminator learning rate.", DefaultValueFactory = _ => defaults.DiscriminatorLearningRate };
        var warmup = new Option<int>("--disc-warmup-steps") { Description = "Steps of reconstruction-only training before the discriminators join.", DefaultValueFactory = _ => defaults.DiscriminatorWarmupSteps };
        var lambdaAdv = new Option<double>("--lambda-adv") { Description = "Weight of the adversarial (hinge) loss.", DefaultValueFactory = _ => defaults.LambdaAdversarial };
        var lambdaFeat = new Option<double>("--lambda-feat") { Description = "Weight of the feature-matching loss.", DefaultValueFactory = _ => defaults.LambdaFeature };
        var lambdaRec = new Option<double>("--lambda-rec") { Description = "Weight of the multi-scale mel reconstruction loss.", DefaultValueFactory = _ => defaults.LambdaReconstruction };
        var gradClip = new Option<double>("--grad-clip") { Description = "Gradient norm clip for both networks (0 = off).", DefaultValueFactory = _ => defaults.GradientClip };
        var discWidth = new Option<double>("--disc-width") { Description = "Discriminator channel scale (1 = the paper's widths; smaller is faster on CPU).", DefaultValueFactory = _ => defaults.DiscriminatorWidth };
        var saveInterval = new Option<int>("--save-interval") { Description = "Checkpoint every N steps (0 = only at the end).", DefaultValueFactory = _ => defaults.SaveInterval };
        var checkpointDir = new Option<string>("--checkpoint-dir") { Description = "Where checkpoints and the run's JSON config go.", DefaultValueFactory = _ => "checkpoints" };
        var logDir = new Option<string>("--log-dir") { Description = "TensorBoard folder (the run writes into <log-dir>/<run>).", DefaultValueFactory = _ => "logs" };
        var maxCheckpoints = new Option<int>("--max-checkpoints") { Description = "Newest checkpoints kept.", DefaultValueFactory = _ => defaults.MaxCheckpoints };
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (same model structure)." };
        var seed = new Option<int>("--seed") { Description = "Seed of weights, data order, chunks and quantizer dropout.", DefaultValueFactory = _ => defaults.Seed };
        var steps = new Option<long>("--steps") { Description = "Train until this many steps in total.", DefaultValueFactory = _ => defaults.Steps };
        var runName = new Option<string?>("--run-name") { Description = "Name of the run (default: UTC time yyyyMMdd_HHmmss; a resumed run keeps its name)." };

        var command = new Command("codec", "Train a SoundStream or TinyStream codec on your own recordings (WAV or MP3).");
        foreach (var option in new Option[] { model, config, audioDir, batchSize, audioLength, c, d, quantizers, codebookSize, commitment, gLr, dLr, warmup,
                     lambdaAdv, lambdaFeat, lambdaRec, gradClip, discWidth, saveInterval, checkpointDir, logDir, maxCheckpoints, resume, seed, steps, runName })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                string modelId = parse.GetRequiredValue(model);
                string configName = parse.GetValue(config) ?? (modelId == "tinystream" ? "tiny" : "base");
                var variant = CodecVariantResolver.Resolve(modelId, configName,
                    new CodecVariantResolver.Overrides(parse.GetValue(c), parse.GetValue(d), parse.GetValue(quantizers), parse.GetValue(codebookSize)));
                var options = new CodecTrainingOptions
                {
                    BatchSize = parse.GetValue(batchSize),
                    AudioLengthSeconds = parse.GetValue(audioLength),
                    CommitmentWeight = parse.GetValue(commitment),
                    GeneratorLearningRate = parse.GetValue(gLr),
                    DiscriminatorLearningRate = parse.GetValue(dLr),
                    DiscriminatorWarmupSteps = parse.GetValue(warmup),
                    LambdaAdversarial = parse.GetValue(lambdaAdv),
                    LambdaFeature = parse.GetValue(lambdaFeat),
                    LambdaReconstruction = parse.GetValue(lambdaRec),
                    GradientClip = parse.GetValue(gradClip),
                    DiscriminatorWidth = parse.GetValue(discWidth),
                    SaveInterval = parse.GetValue(saveInterval),
                    MaxCheckpoints = parse.GetValue(maxCheckpoints),
                    Seed = parse.GetValue(seed),
                    Steps = parse.GetValue(steps),
                };
                options.Validate();
                var run = new TrainCodecSession(variant, options,
                    parse.GetRequiredValue(audioDir), parse.GetRequiredValue(checkpointDir), parse.GetRequiredValue(logDir),
                    parse.GetValue(resume), parse.GetValue(runName) ?? DateTime.UtcNow.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture),
                    stdout, stderr);
                return run.Execute();
            }
            catch (Exception e) when (e is CheckpointException or AudioFileException or KeyNotFoundException or DslException
                or IOException or UnauthorizedAccessException or ArgumentException)
            {
                stderr.WriteLine("error: " + e.Message);
                return 1;
            }
        });
        return command;
    }
}
