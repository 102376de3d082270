using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace NeuralAudio.Datasets.Tests.Infrastructure;

/// <summary>Small archives in the layouts of the real datasets, built in memory.</summary>
public static class ArchiveFixtures
{
    /// <summary>Files of a miniature ESC-50 as the GitHub master.zip holds them (under <c>ESC-50-master/</c>).</summary>
    public static IReadOnlyList<(string Path, byte[] Content)> Esc50Files()
    {
        var clips = new[] { "1-100032-A-0.wav", "1-100038-A-14.wav", "2-100648-A-43.wav" };
        var files = new List<(string, byte[])>
        {
            ("ESC-50-master/README.md", Encoding.UTF8.GetBytes("# ESC-50 (test fixture)\n")),
            ("ESC-50-master/meta/esc50.csv", Encoding.UTF8.GetBytes(
                "filename,fold,target,category,esc10,src_file,take\n" +
                "1-100032-A-0.wav,1,0,dog,True,100032,A\n1-100038-A-14.wav,1,14,chirping_birds,False,100038,A\n2-100648-A-43.wav,2,43,car_horn,False,100648,A\n")),
        };
        // 44.1 kHz mono 16-bit like the real clips, shortened; with noise so the zip is not tiny.
        var random = new Random(50);
        foreach (var clip in clips)
        {
            var wav = AudioFixtures.SineWav(44100, 1, 0.5, 300 + random.Next(500));
            for (int i = 100; i < wav.Length; i += 2) wav[i] ^= (byte)random.Next(8);
            files.Add(($"ESC-50-master/audio/{clip}", wav));
        }
        return files;
    }

    /// <summary>Files of a miniature LibriSpeech subset as the OpenSLR tar.gz holds them (under <c>LibriSpeech/</c>).</summary>
    public static IReadOnlyList<(string Path, byte[] Content)> LibriSpeechFiles(string subset)
    {
        var random = new Random(12);
        var files = new List<(string, byte[])>
        {
            ("LibriSpeech/SPEAKERS.TXT", Encoding.UTF8.GetBytes("; ID | SEX | SUBSET | MINUTES | NAME\n84 | F | " + subset + " | 8.02 | Christie Nowak\n")),
            ("LibriSpeech/LICENSE.TXT", Encoding.UTF8.GetBytes("CC BY 4.0\n")),
            ($"LibriSpeech/{subset}/84/121123/84-121123.trans.txt", Encoding.UTF8.GetBytes("84-121123-0000 GO DO YOU HEAR\n84-121123-0001 BUT IN LESS THAN FIVE MINUTES\n")),
        };
        for (int u = 0; u < 2; u++)
        {
            var flac = AudioFixtures.FlacHeader(16000, 1, 16, 16000L * (u + 1)).Concat(Noise(random, 60_000)).ToArray();
            files.Add(($"LibriSpeech/{subset}/84/121123/84-121123-000{u}.flac", flac));
        }
        return files;
    }

    public static byte[] Zip(IEnumerable<(string Path, byte[] Content)> files)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            var directories = new HashSet<string>();
            foreach (var (path, content) in files)
            {
                // GitHub's zips list folders as entries too.
                for (int slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
                    if (directories.Add(path[..(slash + 1)])) zip.CreateEntry(path[..(slash + 1)]);
                var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        return memory.ToArray();
    }

    public static byte[] TarGz(IEnumerable<(string Path, byte[] Content)> files)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            var directories = new HashSet<string>();
            foreach (var (path, content) in files)
            {
                for (int slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
                    if (directories.Add(path[..(slash + 1)]))
                        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path[..(slash + 1)]));
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
            }
        }
        return memory.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    public static byte[] Noise(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
