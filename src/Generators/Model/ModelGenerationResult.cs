namespace NeuralAudio.Generators.Model
{
    /// <summary>
    /// Everything the generator produces for one <c>[NeuralModel]</c> class: the transform computes it (evaluating every
    /// variant) and it holds only strings, numbers and <see cref="EquatableArray{T}"/>s, so an unchanged declaration
    /// compares equal and its sources are not produced again.
    /// </summary>
    public readonly record struct ModelGenerationResult(
        string HintPrefix,
        EquatableArray<GeneratedSource> Sources,
        EquatableArray<DiagnosticInfo> Diagnostics);
}
