namespace NeuralAudio.Training.Evaluation;

/// <summary>Triangular mel filters (HTK mel scale, 0 Hz to Nyquist) over the bins of a power spectrum.</summary>
public static class MelFilterBank
{
    /// <summary>Hz to mel (HTK): 2595 log10(1 + f / 700).</summary>
    public static double HzToMel(double hz) => 2595 * Math.Log10(1 + hz / 700);

    /// <summary>Mel to Hz (HTK).</summary>
    public static double MelToHz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    /// <summary>Weights <c>[band][bin]</c> of <paramref name="bands"/> filters for an FFT of <paramref name="fftSize"/> at <paramref name="sampleRate"/>.</summary>
    public static double[][] Create(int bands, int fftSize, int sampleRate)
    {
        int bins = fftSize / 2 + 1;
        double maxMel = HzToMel(sampleRate / 2.0);
        var edges = new double[bands + 2];
        for (int i = 0; i < edges.Length; i++) edges[i] = MelToHz(maxMel * i / (bands + 1));
        var filters = new double[bands][];
        for (int b = 0; b < bands; b++)
        {
            filters[b] = new double[bins];
            double lo = edges[b], mid = edges[b + 1], hi = edges[b + 2];
            for (int k = 0; k < bins; k++)
            {
                double f = (double)k * sampleRate / fftSize;
                double rise = (f - lo) / (mid - lo), fall = (hi - f) / (hi - mid);
                filters[b][k] = Math.Max(0, Math.Min(rise, fall));
            }
        }
        return filters;
    }

    /// <summary>Mel energies <c>[frame][band]</c> of power spectra <c>[frame][bin]</c>.</summary>
    public static double[][] Apply(double[][] filters, double[][] power)
    {
        var mel = new double[power.Length][];
        for (int f = 0; f < power.Length; f++)
        {
            mel[f] = new double[filters.Length];
            for (int b = 0; b < filters.Length; b++)
            {
                double sum = 0;
                var weights = filters[b];
                for (int k = 0; k < weights.Length; k++) sum += weights[k] * power[f][k];
                mel[f][b] = sum;
            }
        }
        return mel;
    }
}
