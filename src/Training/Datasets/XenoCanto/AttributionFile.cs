using System.Text;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>
/// <c>attribution.csv</c> beside the downloaded recordings: one row per recording present, kept sorted by id and
/// rewritten atomically, merging with what earlier runs wrote.
/// </summary>
public sealed class AttributionFile
{
    /// <summary>The file's name.</summary>
    public const string FileName = "attribution.csv";

    /// <summary>The header row.</summary>
    public static readonly IReadOnlyList<string> Header = ["id", "species", "common_name", "recordist", "license", "url", "quality", "file"];

    private readonly SortedDictionary<string, AttributionRow> _rows;

    private AttributionFile(string path, SortedDictionary<string, AttributionRow> rows)
    {
        Path = path;
        _rows = rows;
    }

    /// <summary>Where the file lives.</summary>
    public string Path { get; }

    /// <summary>Rows in id order.</summary>
    public IReadOnlyCollection<AttributionRow> Rows => _rows.Values;

    /// <summary>Reads <c>attribution.csv</c> in <paramref name="directory"/>; an absent file is an empty one.</summary>
    /// <exception cref="DatasetException">The file exists but is not an attribution file written by this tool.</exception>
    public static AttributionFile Load(string directory)
    {
        string path = System.IO.Path.Combine(directory, FileName);
        var rows = new SortedDictionary<string, AttributionRow>(IdComparer.Instance);
        if (System.IO.File.Exists(path))
        {
            var records = Csv.Parse(System.IO.File.ReadAllText(path), path);
            if (records.Count == 0 || !records[0].SequenceEqual(Header))
                throw new DatasetException($"{path}: the header is not '{string.Join(',', Header)}'; move the file away and run again");
            for (int i = 1; i < records.Count; i++)
            {
                var r = records[i];
                if (r.Count == 1 && r[0].Length == 0) continue;
                if (r.Count != Header.Count)
                    throw new DatasetException($"{path}: record {i + 1} has {r.Count} fields, expected {Header.Count}");
                rows[r[0]] = new AttributionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
            }
        }
        return new AttributionFile(path, rows);
    }

    /// <summary>Adds or replaces the row for <paramref name="row"/>'s id.</summary>
    public void Upsert(AttributionRow row) => _rows[row.Id] = row;

    /// <summary>Writes the file atomically.</summary>
    public Task SaveAsync(CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        Csv.AppendRecord(text, Header);
        foreach (var r in _rows.Values)
            Csv.AppendRecord(text, [r.Id, r.Species, r.CommonName, r.Recordist, r.License, r.Url, r.Quality, r.File]);
        return AtomicFile.WriteAllTextAsync(Path, text.ToString(), cancellationToken);
    }

    /// <summary>Numeric ids in numeric order, anything else after them in ordinal order.</summary>
    private sealed class IdComparer : IComparer<string>
    {
        public static readonly IdComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            bool nx = long.TryParse(x, out long a), ny = long.TryParse(y, out long b);
            if (nx && ny) return a.CompareTo(b);
            if (nx != ny) return nx ? -1 : 1;
            return string.CompareOrdinal(x, y);
        }
    }
}
