using System.Text;
using NeuralAudio.Training.Datasets.Download;

namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>RFC 4180 CSV: comma-separated, fields quoted when they hold commas, quotes or line breaks.</summary>
internal static class Csv
{
    public static void AppendRecord(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            string f = fields[i];
            if (f.IndexOfAny([',', '"', '\n', '\r']) >= 0)
                text.Append('"').Append(f.Replace("\"", "\"\"")).Append('"');
            else
                text.Append(f);
        }
        text.Append("\r\n");
    }

    public static List<List<string>> Parse(string text, string source)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldStarted = false;
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case '"':
                    throw new DatasetException($"{source}: line {line}: stray quote inside an unquoted field");
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    records.Add(record);
                    record = [];
                    line++;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        if (quoted) throw new DatasetException($"{source}: a quoted field is not closed");
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }
        return records;
    }
}
