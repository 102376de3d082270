namespace NeuralAudio.Runtime.Deploy;

/// <summary>Shape limits of the int8 kernels (na_kernels.h) that a deployed graph must respect.</summary>
public static class KernelLimits
{
    /// <summary>
    /// Largest residual-VQ dimension <c>na_rvq_encode_s8</c> / <see cref="RvqKernel"/> accept: the int32 squared
    /// norm of an offset codeword (at most 255^2 per term) is exact up to 4096 terms; the dot product is int64.
    /// </summary>
    public const int MaxRvqDimension = 4096;

    /// <summary>Largest accumulator fan-in (taps x input channels per group) that cannot overflow int32.</summary>
    public const int MaxFanIn = QuantizationParameters.MaxFanIn;

    /// <summary>The fan-in limit of a conv fed int16 PCM (<c>na_conv1d_pcm_s16</c>).</summary>
    public const int MaxPcmFanIn = QuantizationParameters.MaxPcmFanIn;
}
