using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Datasets.Tests.Infrastructure;

/// <summary>Keeps every message and task the code under test reports.</summary>
public sealed class RecordingProgress : IDatasetProgress
{
    private readonly object _gate = new();
    private readonly List<string> _infos = [];
    private readonly List<string> _warnings = [];
    private readonly List<string> _tasks = [];

    public IReadOnlyList<string> Infos { get { lock (_gate) return _infos.ToList(); } }
    public IReadOnlyList<string> Warnings { get { lock (_gate) return _warnings.ToList(); } }
    public IReadOnlyList<string> Tasks { get { lock (_gate) return _tasks.ToList(); } }
    public string All { get { lock (_gate) return string.Join("\n", _infos.Concat(_warnings)); } }

    public void Info(string message) { lock (_gate) _infos.Add(message); }

    public void Warn(string message) { lock (_gate) _warnings.Add(message); }

    public IProgressTask StartTask(string description, long? total, ProgressUnit unit = ProgressUnit.Bytes)
    {
        lock (_gate) _tasks.Add(description);
        return new Task();
    }

    private sealed class Task : IProgressTask
    {
        public void SetValue(long value) { }
        public void SetTotal(long? total) { }
        public void Dispose() { }
    }
}
