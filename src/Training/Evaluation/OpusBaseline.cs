using Concentus;
using Concentus.Enums;
using NeuralAudio.Training.Audio;

namespace NeuralAudio.Training.Evaluation;

/// <summary>
/// The classic baseline: Opus (Concentus, the managed port of libopus) at 6 kbps, 20 ms frames, constant bitrate, complexity 10, on the
/// same clips as the codec. The encoder's look-ahead is compensated so the output lines up with the input.
/// </summary>
public static class OpusBaseline
{
    /// <summary>Target bitrate in bits per second.</summary>
    public const int BitrateBps = 6000;

    private static readonly int[] OpusRates = [8000, 12000, 16000, 24000, 48000];

    /// <summary>Opus-coded <paramref name="samples"/> (same rate and length) and the bitrate the packets actually took.</summary>
    public static (float[] Audio, double MeasuredBitrateBps) Run(float[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length == 0) throw new ArgumentException("no samples", nameof(samples));
        int rate = OpusRates.Contains(sampleRate) ? sampleRate : 48000;
        var input = rate == sampleRate ? samples : WavAudio.Resample(samples, sampleRate, rate);

        OpusCodecFactory.AttemptToUseNativeLibrary = false; // the managed code: same output on every machine
        var encoder = OpusCodecFactory.CreateEncoder(rate, 1, OpusApplication.OPUS_APPLICATION_AUDIO);
        encoder.Bitrate = BitrateBps;
        encoder.Complexity = 10;
        encoder.UseVBR = false; // constant bitrate: exactly 15 bytes per 20 ms packet
        var decoder = OpusCodecFactory.CreateDecoder(rate, 1);
        int frame = rate / 50, lookahead = encoder.Lookahead;
        int frames = (input.Length + lookahead + frame - 1) / frame;
        var padded = new float[frames * frame];
        input.CopyTo(padded, 0);
        var decoded = new float[frames * frame];
        var packet = new byte[1275];
        long bytes = 0;
        for (int f = 0; f < frames; f++)
        {
            int length = encoder.Encode(padded.AsSpan(f * frame, frame), frame, packet, packet.Length);
            bytes += length;
            decoder.Decode(packet.AsSpan(0, length), decoded.AsSpan(f * frame, frame), frame, false);
        }
        var aligned = decoded.AsSpan(lookahead, input.Length).ToArray();
        var output = rate == sampleRate ? aligned : WavAudio.Resample(aligned, rate, sampleRate);
        if (output.Length != samples.Length) Array.Resize(ref output, samples.Length);
        return (output, bytes * 8.0 / (input.Length / (double)rate));
    }
}
