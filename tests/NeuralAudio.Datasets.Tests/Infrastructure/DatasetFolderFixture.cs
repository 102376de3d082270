using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Datasets.Tests.Infrastructure;

/// <summary>
/// A datasets folder as the tools leave it: ESC-50 (3 x 0.5 s, 44.1 kHz, marker), LibriSpeech/dev-clean (FLAC 1 s + 2 s,
/// 16 kHz, marker), xeno-canto (2 x 1 s WAV at 16 kHz, the MP3 fixture, attribution.csv, one broken WAV), plus the
/// hidden work folder and lock file that must not show up.
/// </summary>
public static class DatasetFolderFixture
{
    public static void Create(string root)
    {
        foreach (var (path, content) in ArchiveFixtures.Esc50Files())
            Write(root, "ESC-50/" + path["ESC-50-master/".Length..], content);
        Marker(root, "ESC-50", "esc50", 5);

        foreach (var (path, content) in ArchiveFixtures.LibriSpeechFiles("dev-clean"))
        {
            string relative = path.StartsWith("LibriSpeech/dev-clean/", StringComparison.Ordinal)
                ? path["LibriSpeech/dev-clean/".Length..]
                : path["LibriSpeech/".Length..];
            Write(root, "LibriSpeech/dev-clean/" + relative, content);
        }
        Marker(root, "LibriSpeech/dev-clean", "librispeech-dev-clean", 5);

        Write(root, "xeno-canto/XC1.wav", AudioFixtures.SineWav(16000, 1, 1.0));
        Write(root, "xeno-canto/XC2.wav", AudioFixtures.SineWav(16000, 1, 1.0, 880));
        Write(root, "xeno-canto/raw/XC3.mp3", AudioFixtures.Mp3);
        Write(root, "xeno-canto/broken.wav", "RIFF...."u8.ToArray());
        Write(root, "xeno-canto/attribution.csv", "id,species\r\n"u8.ToArray());

        Write(root, ".downloads/ESC-50-master.zip.partial", new byte[10]);
        Write(root, "datasets.lock.json", "{}"u8.ToArray());
    }

    private static void Write(string root, string relative, byte[] content)
    {
        string path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static void Marker(string root, string relative, string name, int files) =>
        new DatasetMarker
        {
            Name = name,
            Url = "http://127.0.0.1/",
            Sha256 = new string('0', 64),
            Files = files,
            Verification = "pinned",
        }.WriteAsync(Path.Combine(root, relative), CancellationToken.None).GetAwaiter().GetResult();
}
