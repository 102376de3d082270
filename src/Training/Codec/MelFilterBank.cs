using static TorchSharp.torch;

namespace NeuralAudio.Training.Codec;

/// <summary>Triangular mel filters (HTK mel scale, unnormalised peaks of 1) from 0 Hz to Nyquist.</summary>
public static class MelFilterBank
{
    /// <summary>Filters (frequency bins = nFft / 2 + 1, <paramref name="melBins"/>).</summary>
    public static Tensor Create(int nFft, int melBins, int sampleRate)
    {
        int bins = nFft / 2 + 1;
        double melMax = HzToMel(sampleRate / 2.0);
        var edges = Enumerable.Range(0, melBins + 2).Select(i => MelToHz(melMax * i / (melBins + 1))).ToArray();
        var weights = new float[bins * melBins];
        for (int f = 0; f < bins; f++)
        {
            double hz = (double)f * sampleRate / nFft;
            for (int m = 0; m < melBins; m++)
            {
                double lower = edges[m], centre = edges[m + 1], upper = edges[m + 2];
                double up = (hz - lower) / (centre - lower), down = (upper - hz) / (upper - centre);
                weights[f * melBins + m] = (float)Math.Max(0, Math.Min(up, down));
            }
        }
        return tensor(weights).reshape(bins, melBins);
    }

    /// <summary>HTK mel of a frequency.</summary>
    public static double HzToMel(double hz) => 2595 * Math.Log10(1 + hz / 700);

    /// <summary>Frequency of an HTK mel value.</summary>
    public static double MelToHz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
}
