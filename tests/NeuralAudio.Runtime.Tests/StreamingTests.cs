namespace NeuralAudio.Runtime.Tests;

/// <summary>
/// The contract generated code follows for streaming: the caller owns the state and the padding, and chunked
/// processing equals offline processing exactly.
/// </summary>
public sealed class StreamingTests
{
    [Theory]
    [InlineData(3, 1, 1, 4)]
    [InlineData(7, 1, 2, 8)]
    [InlineData(4, 2, 1, 6)]
    [InlineData(8, 4, 1, 8)]
    [InlineData(5, 2, 3, 4)]
    [InlineData(1, 2, 1, 4)]   // span 1 < stride 2: no state
    [InlineData(2, 4, 1, 8)]   // span 2 < stride 4: no state
    public void CausalConv1dStreamedInChunksEqualsOfflineWithZeroPointLeftPadding(int kernel, int stride, int dilation, int chunk)
    {
        var random = new Random(kernel * 100 + stride * 10 + dilation);
        const int cin = 3, cout = 5, zeroPoint = 9, chunks = 6;
        var p = new Conv1dParams(cin, cout, kernel, stride, dilation, 1, -zeroPoint, -4, -128, 127);
        var filter = Enumerable.Range(0, cout * kernel * cin).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var bias = Enumerable.Range(0, cout).Select(_ => random.Next(-500, 500)).ToArray();
        var mult = Enumerable.Repeat(1_500_000_000, cout).ToArray();
        var shift = Enumerable.Repeat(-9, cout).ToArray();
        int total = chunk * chunks;
        var signal = Enumerable.Range(0, total * cin).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();

        // Offline: the whole clip behind StateLength samples of the input zero point.
        int state = p.StateLength;
        var padded = Enumerable.Repeat((sbyte)zeroPoint, state * cin).Concat(signal).ToArray();
        var offline = new sbyte[p.OutputLength(state + total) * cout];
        Conv1dKernel.Run(p, padded, state + total, filter, bias, mult, shift, offline);
        Assert.Equal(total / stride * cout, offline.Length);

        // Streaming: window = state ++ chunk, state = the window's last StateLength samples.
        var window = new sbyte[(state + chunk) * cin];
        Array.Fill(window, (sbyte)zeroPoint, 0, state * cin);
        var streamed = new List<sbyte>();
        for (int c = 0; c < chunks; c++)
        {
            signal.AsSpan(c * chunk * cin, chunk * cin).CopyTo(window.AsSpan(state * cin));
            var o = new sbyte[p.OutputLength(state + chunk) * cout];
            Conv1dKernel.Run(p, window, state + chunk, filter, bias, mult, shift, o);
            streamed.AddRange(o);
            window.AsSpan(chunk * cin, state * cin).CopyTo(window);
        }
        Assert.Equal(offline, streamed.ToArray());
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(8, 4)]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    [InlineData(2, 2)]
    public void CausalTransposedConv1dStreamedWithInputStateEqualsOffline(int kernel, int stride)
    {
        // Offline causal: crop_right = k - s, output = L * s. Streaming keeps P = ceil(k / s) - 1 past input samples
        // and crops P * s on the left of each window.
        var random = new Random(kernel * 10 + stride);
        const int cin = 4, cout = 3, zeroPoint = -6, chunk = 3, chunks = 5;
        int cropRight = Math.Max(0, kernel - stride), history = (kernel + stride - 1) / stride - 1;
        var filter = Enumerable.Range(0, cout * kernel * cin).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var bias = Enumerable.Range(0, cout).Select(_ => random.Next(-500, 500)).ToArray();
        var mult = Enumerable.Repeat(1_300_000_000, cout).ToArray();
        var shift = Enumerable.Repeat(-8, cout).ToArray();
        int total = chunk * chunks;
        var signal = Enumerable.Range(0, total * cin).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();

        var offlineP = new ConvTranspose1dParams(cin, cout, kernel, stride, 0, cropRight, -zeroPoint, 2, -128, 127);
        var offline = new sbyte[offlineP.OutputLength(total) * cout];
        ConvTranspose1dKernel.Run(offlineP, signal, total, filter, bias, mult, shift, offline);
        Assert.Equal(total * stride * cout, offline.Length);

        var streamP = offlineP with { CropLeft = history * stride };
        var window = new sbyte[(history + chunk) * cin];
        Array.Fill(window, (sbyte)zeroPoint, 0, history * cin);
        var streamed = new List<sbyte>();
        for (int c = 0; c < chunks; c++)
        {
            signal.AsSpan(c * chunk * cin, chunk * cin).CopyTo(window.AsSpan(history * cin));
            var o = new sbyte[streamP.OutputLength(history + chunk) * cout];
            Assert.Equal(chunk * stride * cout, o.Length);
            ConvTranspose1dKernel.Run(streamP, window, history + chunk, filter, bias, mult, shift, o);
            streamed.AddRange(o);
            window.AsSpan(chunk * cin, history * cin).CopyTo(window);
        }
        Assert.Equal(offline, streamed.ToArray());
    }
}
