using System.Security.Cryptography;

namespace NeuralAudio.Training.Datasets.Download;

/// <summary>SHA-256 (and MD5, which some publishers list) of a file, read once.</summary>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
/// <param name="Md5">Lower-case hex MD5.</param>
/// <param name="Length">File length in bytes.</param>
public sealed record FileDigest(string Sha256, string Md5, long Length)
{
    /// <summary>Hashes <paramref name="path"/>, reporting progress under <paramref name="label"/>.</summary>
    public static async Task<FileDigest> ComputeAsync(string path, IDatasetProgress progress, string label, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var task = progress.StartTask(label, stream.Length, ProgressUnit.Bytes);
        var buffer = new byte[1 << 20];
        long done = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            sha256.AppendData(buffer, 0, read);
            md5.AppendData(buffer, 0, read);
            done += read;
            task.SetValue(done);
        }
        return new FileDigest(Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToHexStringLower(md5.GetHashAndReset()), done);
    }
}
