namespace NeuralAudio.Runtime.Tests.Infrastructure;

/// <summary>Kernel ids of c/kernel_driver.c.</summary>
internal enum KernelId
{
    MultiplyByQuantizedMultiplier = 1,
    SaturatingRoundingDoublingHighMul = 2,
    RoundingDivideByPot = 3,
    MultiplyByQuantizedMultiplierVector = 4,
    Conv1d = 10,
    Conv1dGeneric = 11,
    Conv1dPointwise = 12,
    Conv1dDepthwise = 13,
    Conv1dPcm = 14,
    Conv2d = 20,
    ConvTranspose1d = 30,
    MaxPool1d = 40,
    AvgPool1d = 41,
    MaxPool2d = 42,
    AvgPool2d = 43,
    Add = 50,
    AddInputRescaleVector = 51,
    Clamp = 60,
    Lut = 61,
    Linear = 70,
    Softmax = 80,
    Rvq = 90,
}
