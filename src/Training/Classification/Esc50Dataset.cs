using System.Globalization;
using System.Text;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// An ESC-50-layout data set (<c>meta/esc50.csv</c> and <c>audio/</c>; shared/REFERENCE.md section 2): ESC-50, the
/// ESC-10 subset relabelled 0-9, or a user's own CSV of <c>filename,fold,target,category</c>. Loading checks every row
/// (its fields, and that its file exists and is a readable WAV) so a bad data set fails before training starts.
/// </summary>
public sealed class Esc50Dataset
{
    /// <summary>The metadata file of an ESC-50 folder, relative to its root.</summary>
    public static readonly string MetaFile = Path.Combine("meta", "esc50.csv");

    /// <summary>The CSV of a user's own data set when <c>--csv</c> is not given, relative to its root.</summary>
    public const string DefaultCsvFile = "labels.csv";

    /// <summary>The ESC-10 targets in ESC-50 numbering; position = ESC-10 label.</summary>
    public static readonly IReadOnlyList<int> Esc10Targets = new[] { 0, 1, 10, 11, 12, 20, 21, 38, 40, 41 };

    private Esc50Dataset(string root, string csvPath, ClassificationDatasetKind kind, IReadOnlyList<LabelledClip> clips, IReadOnlyList<string> classNames)
    {
        Root = root; CsvPath = csvPath; Kind = kind; Clips = clips; ClassNames = classNames;
        Folds = clips.Select(c => c.Fold).Distinct().Order().ToList();
    }

    /// <summary>The data set's root folder.</summary>
    public string Root { get; }

    /// <summary>The CSV the rows came from.</summary>
    public string CsvPath { get; }

    /// <summary>ESC-50, ESC-10 or a user CSV.</summary>
    public ClassificationDatasetKind Kind { get; }

    /// <summary>Every selected clip, in CSV order.</summary>
    public IReadOnlyList<LabelledClip> Clips { get; }

    /// <summary>Class names by label (empty string for a label no row uses).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes the model must output.</summary>
    public int NumClasses => ClassNames.Count;

    /// <summary>The folds present, ascending.</summary>
    public IReadOnlyList<int> Folds { get; }

    /// <summary>
    /// Reads the data set under <paramref name="root"/>. ESC-50 and ESC-10 read <c>meta/esc50.csv</c> and the
    /// <c>audio/</c> folder; a CSV data set reads <paramref name="csvPath"/> (default <c>root/labels.csv</c>), with
    /// file names relative to <c>root/audio/</c> when that folder exists, else to <c>root</c> (absolute paths work too).
    /// Throws <see cref="ClassificationDataException"/> naming the file for a missing CSV, a malformed row, a row
    /// naming a missing file, or a file that is not a readable WAV.
    /// </summary>
    public static Esc50Dataset Load(string root, ClassificationDatasetKind kind, string? csvPath = null, bool validateAudio = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
            throw new ClassificationDataException(root, $"data root {root} does not exist");
        string csv = csvPath ?? Path.Combine(root, kind == ClassificationDatasetKind.Csv ? DefaultCsvFile : MetaFile);
        if (!File.Exists(csv))
            throw new ClassificationDataException(csv, kind == ClassificationDatasetKind.Csv
                ? $"label CSV {csv} does not exist (a CSV data set needs filename,fold,target,category rows; pass --csv FILE)"
                : $"metadata file {csv} does not exist; is {root} an ESC-50 folder (meta/esc50.csv and audio/)?");
        string audioFolder = Path.Combine(root, "audio");
        if (!Directory.Exists(audioFolder)) audioFolder = root;

        var rows = ReadRows(csv);
        var clips = new List<LabelledClip>();
        var names = new SortedDictionary<int, string>();
        foreach (var row in rows)
        {
            int label = row.Target;
            if (kind == ClassificationDatasetKind.Esc10)
            {
                if (row.Esc10 is null)
                    throw new ClassificationDataException(csv, $"{csv}: ESC-10 needs an esc10 column, which this CSV lacks");
                if (!row.Esc10.Value) continue;
                label = IndexOf(Esc10Targets, row.Target);
                if (label < 0)
                    throw new ClassificationDataException(csv, $"{csv} line {row.Line}: row marked esc10 has target {row.Target}, which is not an ESC-10 class ({string.Join(", ", Esc10Targets)})");
            }
            var path = Path.GetFullPath(Path.Combine(audioFolder, row.FileName));
            if (!File.Exists(path))
                throw new ClassificationDataException(path, $"{csv} line {row.Line}: audio file {path} does not exist");
            clips.Add(new LabelledClip(path, row.FileName, row.Fold, label, row.Category));
            if (names.TryGetValue(label, out var known) && known != row.Category)
                throw new ClassificationDataException(csv, $"{csv} line {row.Line}: target {row.Target} is '{row.Category}' here but '{known}' on an earlier row");
            names[label] = row.Category;
        }
        if (clips.Count == 0)
            throw new ClassificationDataException(csv, $"{csv} selects no clips for {kind.ToString().ToLowerInvariant()}");
        if (validateAudio)
        {
            foreach (var clip in clips)
            {
                try { Audio.WavAudio.Validate(clip.Path); }
                catch (Audio.AudioFileException e) { throw new ClassificationDataException(clip.Path, e.Message, e); }
            }
        }

        int classes = kind switch
        {
            ClassificationDatasetKind.Esc50 => Math.Max(50, names.Keys.Max() + 1),
            ClassificationDatasetKind.Esc10 => 10,
            _ => names.Keys.Max() + 1,
        };
        var classNames = Enumerable.Range(0, classes).Select(i => names.GetValueOrDefault(i, "")).ToList();
        return new Esc50Dataset(Path.GetFullPath(root), Path.GetFullPath(csv), kind, clips, classNames);
    }

    /// <summary>Training clips (every fold but <paramref name="testFold"/>) and test clips (that fold).</summary>
    public (IReadOnlyList<LabelledClip> Train, IReadOnlyList<LabelledClip> Test) Split(int testFold)
    {
        if (!Folds.Contains(testFold))
            throw new ClassificationDataException(CsvPath, $"{CsvPath} has no fold {testFold} (folds: {string.Join(", ", Folds)})");
        return (Clips.Where(c => c.Fold != testFold).ToList(), Clips.Where(c => c.Fold == testFold).ToList());
    }

    /// <summary>Parses the folds a user asked for: one number, or <c>all</c> for every fold present.</summary>
    public IReadOnlyList<int> ParseFolds(string spec)
    {
        if (string.Equals(spec, "all", StringComparison.OrdinalIgnoreCase)) return Folds;
        if (!int.TryParse(spec, NumberStyles.Integer, CultureInfo.InvariantCulture, out int fold))
            throw new ArgumentException($"--fold must be a fold number or 'all', not '{spec}'");
        Split(fold);
        return new[] { fold };
    }

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    private sealed record Row(int Line, string FileName, int Fold, int Target, string Category, bool? Esc10);

    private static List<Row> ReadRows(string csv)
    {
        string[] lines;
        try { lines = File.ReadAllLines(csv, Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClassificationDataException(csv, $"label CSV {csv} cannot be read: {e.Message}", e);
        }
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
            throw new ClassificationDataException(csv, $"{csv} is empty; it needs a header filename,fold,target,category");
        var header = SplitCsvLine(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Column(string name, bool required)
        {
            int i = header.IndexOf(name);
            if (i < 0 && required)
                throw new ClassificationDataException(csv, $"{csv}: the header has no '{name}' column (it needs filename,fold,target,category; found {string.Join(",", header)})");
            return i;
        }
        int file = Column("filename", true), fold = Column("fold", true), target = Column("target", true), category = Column("category", true);
        int esc10 = Column("esc10", false);
        var rows = new List<Row>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n])) continue;
            var fields = SplitCsvLine(lines[n]);
            int line = n + 1;
            if (fields.Count < header.Count)
                throw new ClassificationDataException(csv, $"{csv} line {line}: {fields.Count} fields, the header has {header.Count}");
            if (!int.TryParse(fields[fold].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int f))
                throw new ClassificationDataException(csv, $"{csv} line {line}: fold '{fields[fold]}' is not a whole number");
            if (!int.TryParse(fields[target].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int t) || t < 0)
                throw new ClassificationDataException(csv, $"{csv} line {line}: target '{fields[target]}' is not a class number (0 or more)");
            var name = fields[file].Trim();
            if (name.Length == 0)
                throw new ClassificationDataException(csv, $"{csv} line {line}: the filename is empty");
            bool? isEsc10 = esc10 < 0 ? null : string.Equals(fields[esc10].Trim(), "true", StringComparison.OrdinalIgnoreCase);
            rows.Add(new Row(line, name, f, t, fields[category].Trim(), isEsc10));
        }
        return rows;
    }

    /// <summary>Splits one CSV line on commas, honouring double-quoted fields with doubled quotes inside.</summary>
    private static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
