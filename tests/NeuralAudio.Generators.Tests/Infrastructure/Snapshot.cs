using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace NeuralAudio.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated text with a reviewed baseline in <c>Snapshots/&lt;name&gt;.txt</c> (line ends normalised to "\n").
/// With <c>NEURALAUDIO_UPDATE_SNAPSHOTS=1</c> it writes the baseline instead and passes; see Snapshots/README.md.
/// </summary>
public static class Snapshot
{
    public const string UpdateVariable = "NEURALAUDIO_UPDATE_SNAPSHOTS";

    /// <summary>The Snapshots folder of this test project, located from this file's own path.</summary>
    public static string Directory => Path.GetFullPath(Path.Combine(ThisDirectory(), "..", "Snapshots"));

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static void Match(string name, string actual) => Match(name, actual, Directory, Updating);

    /// <summary>The comparison itself, with the folder and the update switch explicit (so the helper can be tested).</summary>
    public static void Match(string name, string actual, string directory, bool update)
    {
        var path = Path.Combine(directory, name + ".txt");
        actual = Normalise(actual);
        if (update)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        if (!File.Exists(path))
            throw new XunitException(
                $"Snapshot '{name}' has no baseline ({path}). Create it by running the tests with {UpdateVariable}=1, " +
                "then review and commit the file.");
        var failure = Compare(Normalise(File.ReadAllText(path)), actual);
        if (failure != null)
            throw new XunitException(
                $"Snapshot '{name}' differs from {path}: {failure}\n" +
                $"If the change is intended, run the tests with {UpdateVariable}=1 and review the diff.");
    }

    /// <summary>Null when equal, else which line differs first and both versions of it.</summary>
    public static string? Compare(string expected, string actual)
    {
        if (expected == actual) return null;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var expectedLine = i < e.Length ? e[i] : null;
            var actualLine = i < a.Length ? a[i] : null;
            if (expectedLine == actualLine) continue;
            return $"first difference at line {i + 1}\n" +
                   $"  expected: {Show(expectedLine)}\n" +
                   $"  actual:   {Show(actualLine)}";
        }
        return "the texts differ"; // unreachable: equal lines mean equal texts
    }

    public static string Normalise(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static string Show(string? line) => line is null ? "(end of text)" : line.Length == 0 ? "(empty line)" : line;

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
