using TorchSharp;
using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>
/// SoundStream's multi-scale mel reconstruction loss: for s = 2^6 .. 2^11, 64-bin mel spectrograms S with window s and
/// hop s/4, Σ_s ‖S − Ŝ‖₁ + α_s ‖log S − log Ŝ‖₂ with α_s = √(s/2). The norms are taken per frame over the mel bins and
/// averaged over frames and batch (the paper sums over frames), so the value does not grow with the clip length.
/// </summary>
public sealed class MultiScaleMelLoss : IDisposable
{
    private readonly List<(int Size, Tensor Window, Tensor Filters, Scalar Alpha)> _scales = new();

    /// <summary>Prepares windows and filters for <paramref name="sampleRate"/>.</summary>
    public MultiScaleMelLoss(int sampleRate, int melBins = 64, int smallestLog2 = 6, int largestLog2 = 11)
    {
        SampleRate = sampleRate;
        for (int e = smallestLog2; e <= largestLog2; e++)
        {
            int s = 1 << e;
            _scales.Add((s, hann_window(s), MelFilterBank.Create(s, melBins, sampleRate), TrainingScalars.Of(Math.Sqrt(s / 2.0))));
        }
    }

    /// <summary>Model sample rate.</summary>
    public int SampleRate { get; }

    /// <summary>Window sizes, smallest first.</summary>
    public IEnumerable<int> Scales => _scales.Select(s => s.Size);

    /// <summary>The loss between <paramref name="target"/> and <paramref name="estimate"/> (B, 1, T) (or (B, T)).</summary>
    public Tensor Compute(Tensor target, Tensor estimate)
    {
        var x = target.dim() == 3 ? target.squeeze(1) : target;
        var y = estimate.dim() == 3 ? estimate.squeeze(1) : estimate;
        Tensor? total = null;
        foreach (var (size, window, filters, alpha) in _scales)
        {
            var sx = Mel(x, size, window, filters);
            var sy = Mel(y, size, window, filters);
            var linear = (sx - sy).abs().sum(-1).mean();
            var logDiff = (sx + TrainingScalars.Of(1e-5)).log() - (sy + TrainingScalars.Of(1e-5)).log();
            var log = (logDiff.square().sum(-1) + TrainingScalars.Of(1e-12)).sqrt().mean();
            var term = linear + log * alpha;
            total = total is null ? term : total + term;
        }
        return total!;
    }

    /// <summary>Magnitude mel spectrogram (B, frames, mel bins).</summary>
    private static Tensor Mel(Tensor audio, int size, Tensor window, Tensor filters)
    {
        var spectrum = stft(audio, size, size / 4, size, window, center: true, return_complex: true);
        // |X| through sqrt(re² + im² + ε): abs() of complex has an undefined gradient at 0.
        var magnitude = (view_as_real(spectrum).square().sum(-1) + TrainingScalars.Of(1e-9)).sqrt(); // (B, bins, frames)
        return magnitude.transpose(1, 2).matmul(filters);
    }

    /// <summary>Releases the cached windows and filters.</summary>
    public void Dispose()
    {
        foreach (var s in _scales) { s.Window.Dispose(); s.Filters.Dispose(); }
    }
}
