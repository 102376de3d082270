namespace NeuralAudio.Models;

/// <summary>
/// ACDNet family config: the reference's 12-entry channel list <paramref name="Channels"/>, class count, and the
/// raw-waveform input (30225 samples, about 1.51 s at 20 kHz).
/// </summary>
public sealed record AcdNetConfig(int[] Channels, int NumClasses, int SampleRate = 20000, int InputLength = 30225);
