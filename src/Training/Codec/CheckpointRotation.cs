using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuralAudio.Training.Codec;

/// <summary>Checkpoint file names of a run (<c>&lt;run&gt;_step&lt;N&gt;.ckpt</c>) and pruning to the newest N.</summary>
public static partial class CheckpointRotation
{
    /// <summary>The checkpoint path of <paramref name="runName"/> after <paramref name="step"/> steps.</summary>
    public static string PathFor(string folder, string runName, long step) =>
        Path.Combine(folder, $"{runName}_step{step.ToString("D8", CultureInfo.InvariantCulture)}.ckpt");

    /// <summary>Checkpoints of <paramref name="runName"/> in <paramref name="folder"/>, oldest step first.</summary>
    public static IReadOnlyList<(string Path, long Step)> List(string folder, string runName)
    {
        if (!Directory.Exists(folder)) return Array.Empty<(string, long)>();
        var prefix = runName + "_step";
        return Directory.EnumerateFiles(folder, runName + "_step*.ckpt")
            .Select(f => (Path: f, Name: Path.GetFileNameWithoutExtension(f)))
            .Where(f => f.Name.Length > prefix.Length && StepDigits().IsMatch(f.Name[prefix.Length..]))
            .Select(f => (f.Path, long.Parse(f.Name[prefix.Length..], CultureInfo.InvariantCulture)))
            .OrderBy(f => f.Item2)
            .ToList();
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> checkpoints of the run; returns the deleted paths.</summary>
    public static IReadOnlyList<string> Prune(string folder, string runName, int keep)
    {
        var all = List(folder, runName);
        var deleted = new List<string>();
        foreach (var (path, _) in all.Take(Math.Max(0, all.Count - keep)))
        {
            try { File.Delete(path); deleted.Add(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return deleted;
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex StepDigits();
}
