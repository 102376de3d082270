namespace NeuralAudio.Training.Evaluation;

/// <summary>In-place iterative radix-2 complex FFT (double precision), for the evaluation metrics and plots.</summary>
public static class Fft
{
    /// <summary>Transforms (<paramref name="re"/>, <paramref name="im"/>) in place; the length must be a power of two.</summary>
    public static void Forward(double[] re, double[] im)
    {
        ArgumentNullException.ThrowIfNull(re);
        ArgumentNullException.ThrowIfNull(im);
        int n = re.Length;
        if (n != im.Length || n == 0 || (n & (n - 1)) != 0)
            throw new ArgumentException($"FFT length {n} must be a power of two and equal for both parts");
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) { (re[i], re[j]) = (re[j], re[i]); (im[i], im[j]) = (im[j], im[i]); }
        }
        for (int len = 2; len <= n; len <<= 1)
        {
            double angle = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len)
                for (int k = 0; k < len / 2; k++)
                {
                    double wr = Math.Cos(angle * k), wi = Math.Sin(angle * k);
                    int a = i + k, b = i + k + len / 2;
                    double tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr; im[b] = im[a] - ti;
                    re[a] += tr; im[a] += ti;
                }
        }
    }

    /// <summary>Squared magnitudes |X[k]|² of the real frame <paramref name="frame"/> zero-padded to <paramref name="fftSize"/>, bins 0..fftSize/2.</summary>
    public static double[] PowerSpectrum(ReadOnlySpan<double> frame, int fftSize)
    {
        if (frame.Length > fftSize) throw new ArgumentException($"frame of {frame.Length} is longer than the FFT size {fftSize}");
        var re = new double[fftSize];
        var im = new double[fftSize];
        frame.CopyTo(re);
        Forward(re, im);
        var power = new double[fftSize / 2 + 1];
        for (int k = 0; k < power.Length; k++) power[k] = re[k] * re[k] + im[k] * im[k];
        return power;
    }
}
