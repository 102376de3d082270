using System.Globalization;
using System.Runtime.InteropServices;
using NeuralAudio.ModelDsl.Analysis;
using NeuralAudio.Models;
using NeuralAudio.Training.Codec;
using Spectre.Console;

namespace NeuralAudio.Cli.Commands.Train;

/// <summary>
/// One invocation of <c>train codec</c>: checks everything that can fail (checkpoint to resume, audio folder) before
/// writing anything, then trains with a progress bar (a terminal) or progress lines (a file or pipe), and saves a
/// checkpoint on Ctrl-C or SIGTERM before exiting.
/// </summary>
internal sealed class TrainCodecSession(ModelVariant variant, CodecTrainingOptions options, string audioDir, string checkpointDir,
    string logDir, string? resume, string runName, TextWriter stdout, TextWriter stderr)
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    public int Execute()
    {
        using var trainer = new CodecTrainer(variant, options, runName);
        if (resume is not null)
        {
            trainer.Resume(resume);
            stdout.WriteLine($"resuming run {trainer.RunName} from {resume} at step {trainer.Step}");
        }
        int skipped = 0;
        var data = CodecAudioDataset.Load(audioDir, trainer.SampleRate, skip =>
        {
            skipped++;
            stderr.WriteLine($"warning: skipped {skip.Path}: {skip.Reason}");
        });
        PrintHeader(trainer, data);
        if (trainer.Step >= options.Steps)
        {
            stdout.WriteLine($"nothing to do: the checkpoint is at step {trainer.Step}, --steps is {options.Steps}");
            return 0;
        }

        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext signal)
        {
            if (stop.IsCancellationRequested) return; // a second signal ends the process at once
            signal.Cancel = true;
            stderr.WriteLine("stopping: saving a checkpoint after this step (press Ctrl-C again to end at once)...");
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        using var log = new TensorBoardLog(Path.Combine(logDir, trainer.RunName));
        var run = new CodecTrainingRun(trainer, data, checkpointDir, log);
        var configPath = run.SaveConfig(new Dictionary<string, object?> { ["logDir"] = log.Folder, ["resumedFrom"] = resume });
        stdout.WriteLine($"  config       {configPath}");
        stdout.WriteLine($"  tensorboard  {log.Folder}");
        run.CheckpointSaved += path => stdout.WriteLine($"  checkpoint   {path}");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        long startStep = trainer.Step;
        CodecStepResult? last;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        if (console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
            last = RunLive(console, run, trainer, stop.Token);
        else
            last = RunPlain(run, trainer, stop.Token);

        double seconds = clock.Elapsed.TotalSeconds;
        long done = trainer.Step - startStep;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {done} step(s) in {seconds:0.0} s ({done / Math.Max(seconds, 1e-9):0.00} steps/s, {done * options.BatchSize * (double)trainer.ChunkSamples / trainer.SampleRate / Math.Max(seconds, 1e-9):0.0} audio-s/s); now at step {trainer.Step}"));
        if (last is not null) stdout.WriteLine("  last losses  " + Describe(last));
        stdout.WriteLine($"  files        {data.Files.Count} used, {skipped} skipped");
        stdout.WriteLine($"  saved        {run.LastCheckpoint ?? "(no checkpoint)"}");
        if (stop.IsCancellationRequested)
        {
            stderr.WriteLine($"interrupted at step {trainer.Step}; continue with --resume {run.LastCheckpoint}");
            return TrainCodecCommand.Interrupted;
        }
        return 0;
    }

    private void PrintHeader(CodecTrainer trainer, CodecAudioDataset data)
    {
        var cost = CostModel.Analyze(variant.BuildGraph());
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training {variant.FullName} (structure {variant.StructureHash}): {cost.Parameters:N0} parameters, {trainer.SampleRate} Hz, {cost.BitrateBps / 1000:0.##} kbps at all stages"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  run          {trainer.RunName}, steps {trainer.Step} -> {options.Steps}, batch {options.BatchSize} x {trainer.ChunkSamples} samples ({(double)trainer.ChunkSamples / trainer.SampleRate:0.###} s)"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  audio        {data.Files.Count} file(s), {data.TotalSeconds / 60:0.0} min from {data.Folder}; {data.Skipped.Count} skipped"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  losses       rec x{options.LambdaReconstruction}, adv x{options.LambdaAdversarial}, feat x{options.LambdaFeature}, commit x{options.CommitmentWeight}; discriminators from step {options.DiscriminatorWarmupSteps} (width {options.DiscriminatorWidth})"));
    }

    private CodecStepResult? RunLive(IAnsiConsole console, CodecTrainingRun run, CodecTrainer trainer, CancellationToken stop)
    {
        CodecStepResult? last = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: options.Steps);
                task.Value = trainer.Step;
                run.StepCompleted += (result, rate) =>
                {
                    task.Value = trainer.Step;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"step {trainer.Step}/{options.Steps} {rate:0.00} it/s {Describe(result)}"));
                };
                last = run.Run(stop);
            });
        return last;
    }

    private CodecStepResult? RunPlain(CodecTrainingRun run, CodecTrainer trainer, CancellationToken stop)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lastPrint = TimeSpan.Zero;
        long first = trainer.Step;
        run.StepCompleted += (result, rate) =>
        {
            if (clock.Elapsed - lastPrint < PlainInterval && trainer.Step != first + 1 && trainer.Step != options.Steps) return;
            lastPrint = clock.Elapsed;
            double eta = rate > 0 ? (options.Steps - trainer.Step) / rate : double.NaN;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"step {trainer.Step}/{options.Steps} ({100.0 * trainer.Step / options.Steps:0.0}%) {rate:0.00} it/s ETA {FormatEta(eta)} {Describe(result)}"));
            stdout.Flush();
        };
        return run.Run(stop);
    }

    private static string Describe(CodecStepResult r)
    {
        var usage = string.Join("/", r.Codebooks.Select(s => (s.Usage * 100).ToString("0", CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture,
            $"rec {r.Reconstruction:0.000} commit {r.Commitment:0.0000} adv {r.GeneratorAdversarial:0.000} feat {r.FeatureMatching:0.0000} d {r.Discriminator:0.000} usage% {usage}");
    }

    private static string FormatEta(double seconds)
    {
        if (!double.IsFinite(seconds)) return "--:--";
        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : $"{t.Minutes:00}:{t.Seconds:00}";
    }
}
