namespace NeuralAudio.Training.Datasets.Download;

/// <summary>What a progress task counts.</summary>
public enum ProgressUnit
{
    /// <summary>Bytes (downloads, hashing, extraction).</summary>
    Bytes,

    /// <summary>Whole items (recordings, files).</summary>
    Items,
}

/// <summary>Where the dataset tools report what they do: the command line draws bars and prints lines, tests record.</summary>
public interface IDatasetProgress
{
    /// <summary>A line of information.</summary>
    void Info(string message);

    /// <summary>A problem that does not stop the job (a skipped recording, a restarted download).</summary>
    void Warn(string message);

    /// <summary>Starts a task with a known or unknown total.</summary>
    IProgressTask StartTask(string description, long? total, ProgressUnit unit = ProgressUnit.Bytes);
}

/// <summary>One long-running step; disposing it marks it finished.</summary>
public interface IProgressTask : IDisposable
{
    /// <summary>Sets how much is done.</summary>
    void SetValue(long value);

    /// <summary>Sets or clears the total.</summary>
    void SetTotal(long? total);
}

/// <summary>Reports nothing.</summary>
public sealed class NullDatasetProgress : IDatasetProgress
{
    /// <summary>The one instance.</summary>
    public static readonly NullDatasetProgress Instance = new();

    private NullDatasetProgress() { }

    /// <inheritdoc />
    public void Info(string message) { }

    /// <inheritdoc />
    public void Warn(string message) { }

    /// <inheritdoc />
    public IProgressTask StartTask(string description, long? total, ProgressUnit unit = ProgressUnit.Bytes) => NullTask.Instance;

    private sealed class NullTask : IProgressTask
    {
        public static readonly NullTask Instance = new();
        public void SetValue(long value) { }
        public void SetTotal(long? total) { }
        public void Dispose() { }
    }
}
