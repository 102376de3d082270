namespace NeuralAudio.Training.Datasets.Download;

/// <summary>What happened to one dataset.</summary>
public enum InstallOutcome
{
    /// <summary>It was already complete; nothing was done.</summary>
    AlreadyPresent,

    /// <summary>It was downloaded (or found downloaded), verified and extracted.</summary>
    Installed,
}

/// <summary>The result for one dataset.</summary>
/// <param name="Name">Dataset name.</param>
/// <param name="Directory">Its folder.</param>
/// <param name="Outcome">What was done.</param>
/// <param name="Files">Files in the dataset (from its marker).</param>
/// <param name="Download">The download, when one was made.</param>
public sealed record InstallReport(string Name, string Directory, InstallOutcome Outcome, int Files, DownloadResult? Download);
