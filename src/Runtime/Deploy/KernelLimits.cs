namespace NeuralAudio.Runtime.Deploy;

/// <summary>Shape limits of the int8 kernels (na_kernels.h) that a deployed graph must respect.</summary>
public static class KernelLimits
{
    /// <summary>
    /// Largest residual-VQ dimension <c>na_rvq_encode_s8</c> / <see cref="RvqKernel"/> accept: the int32 dot product
    /// of an int16 residual and an offset codeword is exact only up to 256 terms.
    /// </summary>
    public const int MaxRvqDimension = 256;

    /// <summary>Largest accumulator fan-in (taps x input channels per group) that cannot overflow int32.</summary>
    public const int MaxFanIn = QuantizationParameters.MaxFanIn;
}
