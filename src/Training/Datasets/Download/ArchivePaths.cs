namespace NeuralAudio.Training.Datasets.Download;

/// <summary>
/// Turns archive entry names into safe paths under the extraction folder: strips the configured prefixes and
/// refuses anything that would land outside it (absolute paths, drive letters, <c>..</c>: the zip-slip family).
/// </summary>
public static class ArchivePaths
{
    /// <summary>
    /// The entry's path relative to the dataset folder ('/'-separated), or null when nothing is left of it
    /// (the entry is one of the stripped folders themselves).
    /// </summary>
    /// <exception cref="DatasetException">The entry name is absolute or climbs out of the folder.</exception>
    public static string? Map(string entryName, IReadOnlyList<string> stripPrefixes, string archiveName)
    {
        if (entryName.Contains('\0'))
            throw new DatasetException($"{archiveName}: entry name contains a NUL character; the archive is refused");
        string name = entryName.Replace('\\', '/');
        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
            throw new DatasetException($"{archiveName}: entry '{entryName}' has an absolute path; the archive is refused");

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
                throw new DatasetException($"{archiveName}: entry '{entryName}' points outside the extraction folder ('..'); the archive is refused");
            parts.Add(part);
        }
        string normalized = string.Join('/', parts);
        foreach (var prefix in stripPrefixes)
        {
            string p = prefix.Replace('\\', '/').Trim('/');
            if (p.Length == 0) continue;
            if (normalized == p) return null;
            if (normalized.StartsWith(p + "/", StringComparison.Ordinal))
            {
                normalized = normalized[(p.Length + 1)..];
                break;
            }
        }
        return normalized.Length == 0 ? null : normalized;
    }

    /// <summary>The full path of <paramref name="relative"/> under <paramref name="root"/>, checked to stay inside it.</summary>
    /// <exception cref="DatasetException">The path resolves outside <paramref name="root"/>.</exception>
    public static string Resolve(string root, string relative, string archiveName)
    {
        string fullRoot = Path.GetFullPath(root);
        string full = Path.GetFullPath(Path.Combine(fullRoot, relative.Replace('/', Path.DirectorySeparatorChar)));
        string prefix = fullRoot.EndsWith(Path.DirectorySeparatorChar) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            throw new DatasetException($"{archiveName}: entry '{relative}' resolves outside the extraction folder; the archive is refused");
        return full;
    }
}
