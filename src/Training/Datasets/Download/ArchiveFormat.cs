namespace NeuralAudio.Training.Datasets.Download;

/// <summary>How a dataset archive is packed.</summary>
public enum ArchiveFormat
{
    /// <summary>A zip file (System.IO.Compression).</summary>
    Zip,

    /// <summary>A gzip-compressed tar file (System.Formats.Tar over GZipStream).</summary>
    TarGz,
}
