using System.Globalization;
using System.Net;
using System.Text;

namespace NeuralAudio.Training.Classification;

/// <summary>
/// What <c>neuralaudio test classifier</c> found: float (and optionally int8) multi-crop accuracy, per-class accuracy and
/// confusion matrices, printable as text and as one self-contained HTML file with the confusion matrices embedded as PNG.
/// </summary>
/// <param name="Model">Model and variant.</param>
/// <param name="Checkpoint">The checkpoint tested.</param>
/// <param name="Dataset">What was tested on (data set, fold, clip count).</param>
/// <param name="ClassNames">Class names by label.</param>
/// <param name="Crops">Crops per clip.</param>
/// <param name="Float">The float model's matrix.</param>
/// <param name="Int8">The int8 model's matrix, when tested.</param>
/// <param name="Int8Backend">Which int8 code ran (<c>csharp</c> or <c>c</c>).</param>
public sealed record ClassificationReport(string Model, string Checkpoint, string Dataset, IReadOnlyList<string> ClassNames, int Crops,
    ConfusionMatrix Float, ConfusionMatrix? Int8, string? Int8Backend)
{
    /// <summary>Clips whose int8 prediction equals the float prediction (right or wrong), when int8 was tested.</summary>
    public int? Int8AgreesWithFloat { get; init; }

    private string Agreement() => Int8AgreesWithFloat is { } n ? $"{P((double)n / Float.Total)} ({n}/{Float.Total})" : "-";

    private static string P(double? fraction) => fraction is { } f ? (100 * f).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "-";

    private string Name(int label) => label < ClassNames.Count && ClassNames[label].Length > 0 ? ClassNames[label] : $"class {label}";

    /// <summary>Classes with test clips, or predicted at least once.</summary>
    private IEnumerable<int> Shown() => Enumerable.Range(0, Float.Classes).Where(c => Float.Support(c) > 0 || Enumerable.Range(0, Float.Classes).Any(a => Float[a, c] > 0));

    /// <summary>Writes the figures as text: accuracy, per-class accuracy and the confusion matrix (or matrices).</summary>
    public void Print(TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.WriteLine($"{Model} from {Checkpoint}");
        o.WriteLine($"{Dataset}, {Crops}-crop test");
        o.WriteLine(Int8 is null
            ? $"accuracy: {P(Float.Accuracy)} ({Float.Correct}/{Float.Total})"
            : $"accuracy: float {P(Float.Accuracy)} ({Float.Correct}/{Float.Total})   int8 ({Int8Backend}) {P(Int8.Accuracy)} ({Int8.Correct}/{Int8.Total})   difference {((Int8.Accuracy - Float.Accuracy) * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)} points");
        if (Int8AgreesWithFloat != null) o.WriteLine($"int8 top-1 = float top-1: {Agreement()} of clips");
        o.WriteLine();
        int width = Math.Max(8, Shown().Select(c => Name(c).Length).DefaultIfEmpty(8).Max());
        o.WriteLine($"{"class".PadRight(width)}  clips   float{(Int8 is null ? "" : "      int8")}");
        foreach (int c in Shown().Where(c => Float.Support(c) > 0))
            o.WriteLine($"{Name(c).PadRight(width)}  {Float.Support(c),5}  {P(Float.ClassAccuracy(c)),8}{(Int8 is null ? "" : "  " + P(Int8.ClassAccuracy(c)).PadLeft(8))}");
        PrintMatrix(o, "float confusion matrix (rows: true class, columns: predicted)", Float);
        if (Int8 != null) PrintMatrix(o, $"int8 ({Int8Backend}) confusion matrix", Int8);
    }

    private void PrintMatrix(TextWriter o, string title, ConfusionMatrix m)
    {
        var shown = Shown().ToList();
        o.WriteLine();
        o.WriteLine(title);
        o.WriteLine("      " + string.Concat(shown.Select(c => c.ToString(CultureInfo.InvariantCulture).PadLeft(4))));
        foreach (int a in shown.Where(a => m.Support(a) > 0))
            o.WriteLine(a.ToString(CultureInfo.InvariantCulture).PadLeft(4) + "  " + string.Concat(shown.Select(p => m[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(4))));
        o.WriteLine("labels: " + string.Join(", ", shown.Select(c => $"{c} {Name(c)}")));
    }

    /// <summary>The report as one HTML page with no external resources (images inlined as data URIs).</summary>
    public string ToHtml()
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        var h = new StringBuilder();
        h.AppendLine("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + E(Model) + " classification report</title>");
        h.AppendLine("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f2f2f2}td.n{text-align:left}.fig{display:inline-block;margin-right:2em;vertical-align:top}</style></head><body>");
        h.AppendLine($"<h1>{E(Model)}</h1>");
        h.AppendLine($"<p>Checkpoint: <code>{E(Checkpoint)}</code><br>{E(Dataset)}, {Crops}-crop test (mean softmax of the crops).</p>");
        h.AppendLine("<table><tr><th>path</th><th>accuracy</th><th>correct</th></tr>");
        h.AppendLine($"<tr><td class=\"n\">float</td><td>{P(Float.Accuracy)}</td><td>{Float.Correct} / {Float.Total}</td></tr>");
        if (Int8 != null) h.AppendLine($"<tr><td class=\"n\">int8 ({E(Int8Backend ?? "")})</td><td>{P(Int8.Accuracy)}</td><td>{Int8.Correct} / {Int8.Total}</td></tr>");
        h.AppendLine("</table>");
        if (Int8AgreesWithFloat != null) h.AppendLine($"<p>int8 top-1 = float top-1 on {E(Agreement())} of clips.</p>");
        h.AppendLine($"<h2>Per-class accuracy</h2><table><tr><th>label</th><th>class</th><th>clips</th><th>float</th>{(Int8 != null ? "<th>int8</th>" : "")}</tr>");
        foreach (int c in Shown().Where(c => Float.Support(c) > 0))
            h.AppendLine($"<tr><td>{c}</td><td class=\"n\">{E(Name(c))}</td><td>{Float.Support(c)}</td><td>{P(Float.ClassAccuracy(c))}</td>{(Int8 != null ? $"<td>{P(Int8.ClassAccuracy(c))}</td>" : "")}</tr>");
        h.AppendLine("</table><h2>Confusion matrix</h2><p>Rows: true class; columns: predicted class; shade: share of the row.</p>");
        AppendMatrix(h, "float", Float);
        if (Int8 != null) AppendMatrix(h, $"int8 ({Int8Backend})", Int8);
        h.AppendLine("</body></html>");
        return h.ToString();
    }

    private void AppendMatrix(StringBuilder h, string title, ConfusionMatrix m)
    {
        var png = Convert.ToBase64String(ConfusionMatrixImage.Render(m));
        h.AppendLine($"<div class=\"fig\"><h3>{WebUtility.HtmlEncode(title)}</h3><img alt=\"{WebUtility.HtmlEncode(title)} confusion matrix\" src=\"data:image/png;base64,{png}\">");
        var shown = Shown().ToList();
        h.Append("<table><tr><th></th>");
        foreach (int p in shown) h.Append($"<th title=\"{WebUtility.HtmlEncode(Name(p))}\">{p}</th>");
        h.AppendLine("</tr>");
        foreach (int a in shown.Where(a => m.Support(a) > 0))
        {
            h.Append($"<tr><th title=\"{WebUtility.HtmlEncode(Name(a))}\">{a} {WebUtility.HtmlEncode(Name(a))}</th>");
            foreach (int p in shown) h.Append($"<td>{m[a, p]}</td>");
            h.AppendLine("</tr>");
        }
        h.AppendLine("</table></div>");
    }
}
