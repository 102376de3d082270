using System.Runtime.InteropServices;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Cli.Commands.Datasets;

/// <summary>
/// Runs a datasets command: turns Ctrl-C (and SIGTERM) into cancellation, and the outcome into one message and an exit code.
/// </summary>
internal static class DatasetsCommandRunner
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(DatasetsCommandContext context, string cancelledHint, Func<CancellationToken, Task<int>> work, CancellationToken invocationToken)
    {
        // System.CommandLine only cancels the token on Ctrl-C when invoked with a process-termination timeout, which the
        // neuralaudio entry point does not set; the first Ctrl-C is handled here so partial files are kept consistent,
        // a second one ends the process at once.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(invocationToken);
        using var sigint = context.HandleSignals ? PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal) : null;
        using var sigterm = context.HandleSignals ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal) : null;
        try
        {
            return await work(interrupted.Token);
        }
        catch (DatasetException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"cancelled. {cancelledHint}".TrimEnd());
            return Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return Failed;
        }

        void OnSignal(PosixSignalContext signal)
        {
            if (interrupted.IsCancellationRequested) return; // second signal: default handling ends the process
            signal.Cancel = true;
            context.Error.WriteLine("stopping (press Ctrl-C again to end at once)...");
            interrupted.Cancel();
        }
    }
}
