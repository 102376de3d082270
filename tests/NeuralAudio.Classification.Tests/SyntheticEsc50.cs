using System.Globalization;
using System.Text;
using NeuralAudio.Training.Audio;

namespace NeuralAudio.Classification.Tests;

/// <summary>
/// A labelled data set in ESC-50 layout (meta/esc50.csv and audio/*.wav at 44.1 kHz, like the real clips), generated
/// from a seed: five clearly different sound classes (a low tone, a high tone, rising chirps, white noise, brown noise)
/// with random pitch, level and phase, clips spread round-robin over the folds.
/// </summary>
public static class SyntheticEsc50
{
    public static readonly string[] Classes = ["low_tone", "high_tone", "chirps", "white_noise", "brown_noise"];

    /// <summary>Writes the data set under <paramref name="root"/>; returns the CSV rows (without header).</summary>
    public static IReadOnlyList<string> Write(string root, int clipsPerClass, int folds, double seconds = 1.6, int sampleRate = 44100, int seed = 5,
        int classes = 5, bool markEsc10 = false)
    {
        Directory.CreateDirectory(Path.Combine(root, "meta"));
        Directory.CreateDirectory(Path.Combine(root, "audio"));
        var rows = new List<string>();
        var random = new Random(seed);
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < clipsPerClass; i++)
            {
                int fold = i % folds + 1;
                int clipId = 100000 + c * 1000 + i;
                string name = $"{fold}-{clipId}-A-{c}.wav";
                WavAudio.WriteMono16(Path.Combine(root, "audio", name), Clip(c, random, (int)(seconds * sampleRate), sampleRate), sampleRate);
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{name},{fold},{c},{Classes[c]},{(markEsc10 ? "True" : "False")},{clipId},A"));
            }
        }
        File.WriteAllText(Path.Combine(root, "meta", "esc50.csv"), "filename,fold,target,category,esc10,src_file,take\n" + string.Join("\n", rows) + "\n", Encoding.UTF8);
        return rows;
    }

    private static float[] Clip(int label, Random random, int length, int sampleRate)
    {
        var x = new double[length];
        double phase = random.NextDouble() * 2 * Math.PI;
        switch (label)
        {
            case 0:
            case 1:
            {
                double f = label == 0 ? 300 + 200 * random.NextDouble() : 2500 + 1000 * random.NextDouble();
                for (int i = 0; i < length; i++) x[i] = Math.Sin(phase + 2 * Math.PI * f * i / sampleRate);
                break;
            }
            case 2:
            {
                // Rising sweeps 200 Hz -> 5 kHz, one every 0.4 s.
                int period = (int)(0.4 * sampleRate);
                double p = phase;
                for (int i = 0; i < length; i++)
                {
                    double t = (double)(i % period) / period;
                    p += 2 * Math.PI * (200 + 4800 * t) / sampleRate;
                    x[i] = Math.Sin(p);
                }
                break;
            }
            case 3:
                for (int i = 0; i < length; i++) x[i] = random.NextDouble() * 2 - 1;
                break;
            default:
            {
                double b = 0;
                for (int i = 0; i < length; i++) { b = 0.995 * b + (random.NextDouble() * 2 - 1); x[i] = b; }
                break;
            }
        }
        double peak = x.Max(Math.Abs);
        double level = 0.1 + 0.6 * random.NextDouble();
        return x.Select(v => (float)(v / peak * level)).ToArray();
    }
}
