using System.Formats.Tar;
using System.IO.Compression;

namespace NeuralAudio.Training.Datasets.Download;

/// <summary>
/// Extracts zip and tar.gz archives into a folder with every entry name checked by <see cref="ArchivePaths"/>.
/// It writes into whatever folder it is given: <see cref="DatasetInstaller"/> hands it a temporary one and renames that
/// into place only when extraction has finished, so a failure here never leaves a half-populated dataset.
/// </summary>
public static class ArchiveExtractor
{
    /// <summary>Extracts <paramref name="archivePath"/> into <paramref name="targetDirectory"/> (which must exist).</summary>
    /// <param name="archivePath">The archive.</param>
    /// <param name="format">How it is packed.</param>
    /// <param name="targetDirectory">Where entries go.</param>
    /// <param name="stripPrefixes">Entry name prefixes to remove (see <see cref="ArchivePaths.Map"/>).</param>
    /// <param name="progress">Receives a task that counts compressed bytes consumed.</param>
    /// <param name="label">Names the extraction in progress output.</param>
    /// <param name="cancellationToken">Stops between and within entries.</param>
    /// <param name="beforeEntry">Called with each entry's relative path before it is written (tests inject faults here).</param>
    /// <exception cref="DatasetException">The archive is corrupt or holds an unsafe entry.</exception>
    public static async Task<ExtractionResult> ExtractAsync(
        string archivePath,
        ArchiveFormat format,
        string targetDirectory,
        IReadOnlyList<string> stripPrefixes,
        IDatasetProgress progress,
        string label,
        CancellationToken cancellationToken,
        Func<string, CancellationToken, ValueTask>? beforeEntry = null)
    {
        string archiveName = Path.GetFileName(archivePath);
        try
        {
            return format == ArchiveFormat.Zip
                ? await ExtractZipAsync(archivePath, archiveName, targetDirectory, stripPrefixes, progress, label, cancellationToken, beforeEntry).ConfigureAwait(false)
                : await ExtractTarGzAsync(archivePath, archiveName, targetDirectory, stripPrefixes, progress, label, cancellationToken, beforeEntry).ConfigureAwait(false);
        }
        catch (UnreadableArchiveException e)
        {
            throw new DatasetException($"{archivePath}: the archive is corrupt or truncated ({e.InnerException?.Message})", e.InnerException ?? e);
        }
    }

    /// <summary>
    /// Thrown for failures while reading the archive (as opposed to writing the output), so that a corrupt archive is
    /// told apart from a full disk: only the former condemns the archive.
    /// </summary>
    private sealed class UnreadableArchiveException(Exception inner) : Exception(inner.Message, inner);

    private static async Task<T> ReadingAsync<T>(Func<Task<T>> read, CancellationToken ct)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OperationCanceledException and not DatasetException)
        {
            throw new UnreadableArchiveException(e);
        }
    }

    private static async Task CopyEntryAsync(Stream source, Stream destination, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        while (true)
        {
            int read = await ReadingAsync(() => source.ReadAsync(buffer, ct).AsTask(), ct).ConfigureAwait(false);
            if (read == 0) return;
            await destination.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
        }
    }

    private static async Task<ExtractionResult> ExtractZipAsync(
        string archivePath, string archiveName, string target, IReadOnlyList<string> strip, IDatasetProgress progress, string label,
        CancellationToken ct, Func<string, CancellationToken, ValueTask>? beforeEntry)
    {
        using var zip = await ReadingAsync(() => Task.FromResult(ZipFile.OpenRead(archivePath)), ct).ConfigureAwait(false);
        long totalCompressed = zip.Entries.Sum(e => e.CompressedLength);
        using var task = progress.StartTask(label, totalCompressed, ProgressUnit.Bytes);
        long consumed = 0;
        int files = 0;
        long bytes = 0;
        foreach (var entry in zip.Entries)
        {
            ct.ThrowIfCancellationRequested();
            bool isDirectory = entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\');
            var relative = ArchivePaths.Map(entry.FullName, strip, archiveName);
            if (relative is not null)
            {
                string path = ArchivePaths.Resolve(target, relative, archiveName);
                if (isDirectory)
                {
                    Directory.CreateDirectory(path);
                }
                else
                {
                    if (beforeEntry is not null) await beforeEntry(relative, ct).ConfigureAwait(false);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await using (var source = await ReadingAsync(() => entry.OpenAsync(ct), ct).ConfigureAwait(false))
                    await using (var destination = CreateNew(path, archiveName, relative))
                    {
                        await CopyEntryAsync(source, destination, ct).ConfigureAwait(false);
                    }
                    File.SetLastWriteTimeUtc(path, entry.LastWriteTime.UtcDateTime);
                    files++;
                    bytes += entry.Length;
                }
            }
            consumed += entry.CompressedLength;
            task.SetValue(consumed);
        }
        return new ExtractionResult(files, bytes, 0);
    }

    private static async Task<ExtractionResult> ExtractTarGzAsync(
        string archivePath, string archiveName, string target, IReadOnlyList<string> strip, IDatasetProgress progress, string label,
        CancellationToken ct, Func<string, CancellationToken, ValueTask>? beforeEntry)
    {
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        using var task = progress.StartTask(label, file.Length, ProgressUnit.Bytes);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        int files = 0, links = 0;
        long bytes = 0;
        TarEntry? entry;
        while ((entry = await ReadingAsync(() => reader.GetNextEntryAsync(copyData: false, ct).AsTask(), ct).ConfigureAwait(false)) is not null)
        {
            ct.ThrowIfCancellationRequested();
            task.SetValue(file.Position);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                {
                    var relative = ArchivePaths.Map(entry.Name, strip, archiveName);
                    if (relative is not null) Directory.CreateDirectory(ArchivePaths.Resolve(target, relative, archiveName));
                    break;
                }
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                {
                    var relative = ArchivePaths.Map(entry.Name, strip, archiveName);
                    if (relative is null) break;
                    string path = ArchivePaths.Resolve(target, relative, archiveName);
                    if (beforeEntry is not null) await beforeEntry(relative, ct).ConfigureAwait(false);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await using (var destination = CreateNew(path, archiveName, relative))
                    {
                        if (entry.DataStream is { } data) await CopyEntryAsync(data, destination, ct).ConfigureAwait(false);
                    }
                    File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
                    files++;
                    bytes += entry.Length;
                    break;
                }
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    // A link could point anywhere (the other half of zip-slip); datasets do not need them.
                    ArchivePaths.Map(entry.Name, strip, archiveName);
                    links++;
                    break;
                default:
                    break; // pax/GNU metadata, devices, fifos: nothing to write
            }
        }
        task.SetValue(file.Length);
        if (links > 0) progress.Warn($"{label}: skipped {links} link entr{(links == 1 ? "y" : "ies")} in {archiveName}");
        return new ExtractionResult(files, bytes, links);
    }

    private static FileStream CreateNew(string path, string archiveName, string relative)
    {
        try
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new DatasetException($"{archiveName}: entry '{relative}' appears twice; the archive is refused");
        }
    }
}
