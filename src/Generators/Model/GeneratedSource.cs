namespace NeuralAudio.Generators.Model
{
    /// <summary>One file the generator adds: its hint name and full text.</summary>
    public readonly record struct GeneratedSource(string HintName, string Text);
}
