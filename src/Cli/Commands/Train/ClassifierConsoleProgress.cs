using System.Globalization;
using NeuralAudio.Training.Classification;
using Spectre.Console;

namespace NeuralAudio.Cli.Commands.Train;

/// <summary>
/// Training progress on the console: on a terminal a Spectre.Console bar per epoch (batches done, loss) with a line
/// per finished epoch above it; when output goes to a file or pipe, just the line per finished epoch.
/// </summary>
internal sealed class ClassifierConsoleProgress : IClassifierTrainingProgress
{
    private readonly TextWriter _output;
    private ProgressContext? _context;
    private ProgressTask? _bar;
    private double _lossSum;
    private int _batches;

    public ClassifierConsoleProgress(TextWriter output) => _output = output;

    /// <summary>True when live bars can be drawn (an interactive terminal on standard output).</summary>
    public static bool Live(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> under a live progress display when the console allows it.</summary>
    public T Run<T>(Func<T> work)
    {
        if (!Live(_output)) return work();
        return AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                _context = context;
                try { return work(); }
                finally { _context = null; _bar = null; }
            });
    }

    public void FoldStarted(int fold, int firstEpoch, int epochs) =>
        WriteLine(firstEpoch > 1 ? $"fold {fold}: resuming at epoch {firstEpoch} of {epochs}" : $"fold {fold}: {epochs} epochs");

    public void EpochStarted(int fold, int epoch, int batches)
    {
        _lossSum = 0;
        _batches = 0;
        if (_context == null) return;
        _bar ??= _context.AddTask("", maxValue: batches);
        _bar.MaxValue = batches;
        _bar.Value = 0;
        _bar.Description = $"fold {fold} epoch {epoch}";
    }

    public void BatchCompleted(int batch, double loss)
    {
        _lossSum += loss;
        _batches++;
        if (_bar == null) return;
        _bar.Value = batch;
        _bar.Description = Markup.Escape($"{_bar.Description.Split("  loss")[0]}  loss {(_lossSum / _batches).ToString("0.000", CultureInfo.InvariantCulture)}");
    }

    public void EpochCompleted(EpochReport r)
    {
        string accuracy = r.TestAccuracy is { } a ? $"  acc {Percent(a)}  best {Percent(r.BestAccuracy)} @{r.BestEpoch}" : "";
        WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fold {r.Fold} epoch {r.Epoch}/{r.Epochs}  lr {r.LearningRate:0.#####}  loss {r.TrainLoss:0.0000}{accuracy}  {r.Elapsed.TotalSeconds:0.0} s"));
    }

    internal static string Percent(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    private void WriteLine(string line)
    {
        if (_context != null) AnsiConsole.MarkupLine(Markup.Escape(line));
        else _output.WriteLine(line);
    }
}
