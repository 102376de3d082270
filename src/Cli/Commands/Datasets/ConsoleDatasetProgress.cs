using System.Diagnostics;
using System.Globalization;
using NeuralAudio.Training.Datasets.Download;
using Spectre.Console;

namespace NeuralAudio.Cli.Commands.Datasets;

/// <summary>
/// Shows dataset progress on the console: live Spectre.Console bars (bytes, rate, time left) on a terminal, or a line
/// at the start, every ten seconds and at the end of each task when output goes to a file or pipe.
/// </summary>
internal sealed class ConsoleDatasetProgress : IDatasetProgress
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private readonly IAnsiConsole _console;
    private readonly bool _live;
    private ProgressContext? _context;

    public ConsoleDatasetProgress(IAnsiConsole console, bool live)
    {
        _console = console;
        _live = live;
    }

    public int Warnings { get; private set; }

    /// <summary>Runs <paramref name="work"/> with live bars drawn while it runs (or plain lines).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, bool clearWhenDone = false)
    {
        if (!_live) return await work();
        return await _console.Progress()
            .AutoClear(clearWhenDone)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new AmountColumn(),
                new RateColumn(),
                new EtaColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                _context = context;
                try { return await work(); }
                finally { _context = null; }
            });
    }

    public void Info(string message) => _console.MarkupLine(Markup.Escape(message));

    public void Warn(string message)
    {
        Warnings++;
        _console.MarkupLine("[yellow]warning:[/] " + Markup.Escape(message));
    }

    public IProgressTask StartTask(string description, long? total, ProgressUnit unit = ProgressUnit.Bytes)
    {
        if (_context is { } context)
        {
            var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: Math.Max(1, total ?? 1));
            task.Tag = new TaskInfo(unit);
            task.IsIndeterminate = total is null;
            return new LiveTask(task);
        }
        return new PlainTask(_console, description, total, unit);
    }

    private sealed class LiveTask(ProgressTask task) : IProgressTask
    {
        public void SetValue(long value)
        {
            ((TaskInfo)task.Tag!).Observe(value);
            task.Value = value;
        }

        public void SetTotal(long? total)
        {
            task.IsIndeterminate = total is null;
            if (total is long t) task.MaxValue = Math.Max(1, t);
        }

        public void Dispose()
        {
            if (task.IsIndeterminate)
            {
                task.IsIndeterminate = false;
                task.MaxValue = Math.Max(1, task.Value);
            }
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    private sealed class PlainTask : IProgressTask
    {
        private readonly IAnsiConsole _console;
        private readonly string _description;
        private readonly ProgressUnit _unit;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long? _total;
        private long _value;
        private long _start = -1;
        private TimeSpan _lastLine;

        public PlainTask(IAnsiConsole console, string description, long? total, ProgressUnit unit)
        {
            _console = console;
            _description = description;
            _total = total;
            _unit = unit;
        }

        public void SetValue(long value)
        {
            if (_start < 0) _start = value;
            _value = value;
            if (_clock.Elapsed - _lastLine >= PlainInterval)
            {
                _lastLine = _clock.Elapsed;
                _console.WriteLine($"{_description}: {Amount(_value)}{Of()}{Rate()}{Remaining()}");
            }
        }

        public void SetTotal(long? total) => _total = total;

        public void Dispose()
        {
            if (_clock.Elapsed >= PlainInterval)
                _console.WriteLine($"{_description}: done, {Amount(_value)} in {DatasetUnits.Seconds(_clock.Elapsed)}");
        }

        private string Amount(long v) => _unit == ProgressUnit.Items ? v.ToString("N0", CultureInfo.InvariantCulture) : DatasetUnits.Bytes(v);

        private string Of() => _total is long t ? $" of {Amount(t)} ({100.0 * _value / Math.Max(1, t):0}%)" : "";

        private double Speed => (_value - Math.Max(0, _start)) / Math.Max(0.001, _clock.Elapsed.TotalSeconds);

        private string Rate() => _unit == ProgressUnit.Items
            ? $", {Speed.ToString("0.0", CultureInfo.InvariantCulture)}/s"
            : $", {DatasetUnits.Bytes((long)Speed)}/s";

        private string Remaining() => _total is long t && Speed > 0
            ? $", {DatasetUnits.Duration(TimeSpan.FromSeconds((t - _value) / Speed))} left"
            : "";
    }
}
