using System.Diagnostics;
using System.Globalization;
using NeuralAudio.Training.Datasets.Download;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuralAudio.Cli.Commands.Datasets;

/// <summary>
/// What the dataset columns know about a task beyond Spectre's own figures: its unit, and where it started, so that a
/// resumed download's rate counts only the bytes of this run.
/// </summary>
internal sealed class TaskInfo(ProgressUnit unit)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long? _start;

    public ProgressUnit Unit { get; } = unit;

    public void Observe(long value) => _start ??= value;

    /// <summary>Units a second since the first value, or null before there is anything to measure.</summary>
    public double? Rate(double value)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        if (_start is not long start || seconds < 0.5 || value <= start) return null;
        return (value - start) / seconds;
    }

    public string Format(double value) => Unit == ProgressUnit.Items
        ? ((long)value).ToString("N0", CultureInfo.InvariantCulture)
        : DatasetUnits.Bytes((long)value);
}

/// <summary>Done / total, in bytes or items.</summary>
internal sealed class AmountColumn : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (task.Tag is not TaskInfo info) return new Text("");
        return new Text(task.IsIndeterminate ? info.Format(task.Value) : $"{info.Format(task.Value)} / {info.Format(task.MaxValue)}");
    }
}

/// <summary>Bytes or items a second during this run.</summary>
internal sealed class RateColumn : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (task.Tag is not TaskInfo info || task.IsFinished || info.Rate(task.Value) is not double rate) return new Text("");
        return new Text(info.Unit == ProgressUnit.Items
            ? rate.ToString("0.0", CultureInfo.InvariantCulture) + "/s"
            : DatasetUnits.Bytes((long)rate) + "/s");
    }
}

/// <summary>Time left at this run's average rate.</summary>
internal sealed class EtaColumn : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (task.Tag is not TaskInfo info || task.IsFinished || task.IsIndeterminate || info.Rate(task.Value) is not double rate)
            return new Text("");
        return new Text("ETA " + DatasetUnits.Duration(TimeSpan.FromSeconds((task.MaxValue - task.Value) / rate)));
    }
}
