namespace NeuralAudio.Runtime.Tests.Cases;

/// <summary>
/// PyTorch (channels-first) to kernel (channels-last / OHWI) layouts: the same permutations the exporter applies.
/// </summary>
internal static class Layout
{
    /// <summary>(C, T) -> [T][C].</summary>
    public static T[] ChannelsLast1d<T>(T[] x, int channels, int length)
    {
        var y = new T[x.Length];
        for (int c = 0; c < channels; c++)
            for (int t = 0; t < length; t++) y[t * channels + c] = x[c * length + t];
        return y;
    }

    /// <summary>[T][C] -> (C, T).</summary>
    public static T[] ChannelsFirst1d<T>(T[] x, int channels, int length)
    {
        var y = new T[x.Length];
        for (int c = 0; c < channels; c++)
            for (int t = 0; t < length; t++) y[c * length + t] = x[t * channels + c];
        return y;
    }

    /// <summary>(C, H, W) -> [H][W][C].</summary>
    public static T[] ChannelsLast2d<T>(T[] x, int channels, int height, int width)
    {
        var y = new T[x.Length];
        for (int c = 0; c < channels; c++)
            for (int h = 0; h < height; h++)
                for (int w = 0; w < width; w++) y[(h * width + w) * channels + c] = x[(c * height + h) * width + w];
        return y;
    }

    /// <summary>Conv1d weight (O, I/g, K) -> [O][K][I/g].</summary>
    public static T[] Conv1dFilter<T>(T[] w, int outChannels, int inPerGroup, int kernel)
    {
        var y = new T[w.Length];
        for (int o = 0; o < outChannels; o++)
            for (int i = 0; i < inPerGroup; i++)
                for (int k = 0; k < kernel; k++) y[(o * kernel + k) * inPerGroup + i] = w[(o * inPerGroup + i) * kernel + k];
        return y;
    }

    /// <summary>Conv2d weight (O, I/g, KH, KW) -> [O][KH][KW][I/g].</summary>
    public static T[] Conv2dFilter<T>(T[] w, int outChannels, int inPerGroup, int kh, int kw)
    {
        var y = new T[w.Length];
        for (int o = 0; o < outChannels; o++)
            for (int i = 0; i < inPerGroup; i++)
                for (int a = 0; a < kh; a++)
                    for (int b = 0; b < kw; b++)
                        y[((o * kh + a) * kw + b) * inPerGroup + i] = w[((o * inPerGroup + i) * kh + a) * kw + b];
        return y;
    }

    /// <summary>ConvTranspose1d weight (I, O, K) -> [O][K][I].</summary>
    public static T[] ConvTranspose1dFilter<T>(T[] w, int inChannels, int outChannels, int kernel)
    {
        var y = new T[w.Length];
        for (int i = 0; i < inChannels; i++)
            for (int o = 0; o < outChannels; o++)
                for (int k = 0; k < kernel; k++) y[(o * kernel + k) * inChannels + i] = w[(i * outChannels + o) * kernel + k];
        return y;
    }
}
