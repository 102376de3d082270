namespace NeuralAudio.Training.Datasets.XenoCanto;

/// <summary>One row of <c>attribution.csv</c>: who recorded a clip and under which license it may be used.</summary>
/// <param name="Id">Xeno-canto catalogue number (digits).</param>
/// <param name="Species">Scientific name.</param>
/// <param name="CommonName">English name.</param>
/// <param name="Recordist">Recordist, to be credited.</param>
/// <param name="License">License URL (most Xeno-canto recordings are CC BY-NC-SA).</param>
/// <param name="Url">The recording's page.</param>
/// <param name="Quality">Quality rating A to E.</param>
/// <param name="File">The WAV file, relative to the folder.</param>
public sealed record AttributionRow(string Id, string Species, string CommonName, string Recordist, string License, string Url, string Quality, string File);
