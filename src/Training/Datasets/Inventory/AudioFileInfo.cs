using NAudio.Wave;
using NLayer;

namespace NeuralAudio.Training.Datasets.Inventory;

/// <summary>What an audio file's header says.</summary>
/// <param name="Format">wav, mp3 or flac.</param>
/// <param name="SampleRate">Samples a second.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="Duration">Length.</param>
public sealed record AudioFileInfo(string Format, int SampleRate, int Channels, TimeSpan Duration)
{
    /// <summary>File extensions <see cref="Read"/> understands.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".wav", ".mp3", ".flac" };

    /// <summary>Reads the header of a WAV (NAudio), MP3 (NLayer, which walks the frames) or FLAC (STREAMINFO) file.</summary>
    /// <exception cref="InvalidDataException">The file is not what its extension says, or is damaged.</exception>
    public static AudioFileInfo Read(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            switch (extension)
            {
                case ".wav":
                {
                    using var reader = new WaveFileReader(path);
                    return new AudioFileInfo("wav", reader.WaveFormat.SampleRate, reader.WaveFormat.Channels, reader.TotalTime);
                }
                case ".mp3":
                {
                    using var mpeg = new MpegFile(path);
                    return new AudioFileInfo("mp3", mpeg.SampleRate, mpeg.Channels, mpeg.Duration);
                }
                case ".flac":
                {
                    var info = FlacStreamInfo.Read(path);
                    return new AudioFileInfo("flac", info.SampleRate, info.Channels,
                        info.SampleRate > 0 ? TimeSpan.FromSeconds((double)info.TotalSamples / info.SampleRate) : TimeSpan.Zero);
                }
                default:
                    throw new InvalidDataException($"{path}: not an audio file this tool reads");
            }
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
