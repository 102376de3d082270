namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>Spaces requests at least a minimum interval apart (Xeno-canto asks for no more than one a second).</summary>
public sealed class RequestThrottle
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _last = long.MinValue;

    /// <summary>Allows at most <paramref name="requestsPerSecond"/> requests a second; 0 or less means no limit.</summary>
    public RequestThrottle(double requestsPerSecond, TimeProvider? time = null)
    {
        _interval = requestsPerSecond > 0 ? TimeSpan.FromSeconds(1 / requestsPerSecond) : TimeSpan.Zero;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The minimum time between two requests.</summary>
    public TimeSpan Interval => _interval;

    /// <summary>Waits until the next request may go out.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_interval <= TimeSpan.Zero) return;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_last != long.MinValue)
            {
                var wait = _interval - _time.GetElapsedTime(_last);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            _last = _time.GetTimestamp();
        }
        finally
        {
            _gate.Release();
        }
    }
}
