using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace NeuralAudio.Generators
{
    /// <summary>
    /// Finds every <c>[NeuralModel]</c> class, evaluates its definition for each variant at compile time (the real
    /// GraphBuilder and shape inference run inside the compiler), reports DSL errors as NA0001–NA0006 at the offending
    /// code, and emits a TorchSharp module per variant plus one registry file per class.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NeuralModelGenerator : IIncrementalGenerator
    {
        public const string NeuralModelAttribute = "NeuralAudio.ModelDsl.NeuralModelAttribute";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    NeuralModelAttribute,
                    predicate: static (node, _) => node is ClassDeclarationSyntax || node is RecordDeclarationSyntax,
                    transform: static (ctx, cancellationToken) => ModelProcessor.Process(ctx, cancellationToken))
                .Where(static result => result.HasValue)
                .Select(static (result, _) => result!.Value)
                .WithTrackingName(TrackingNames.Models);

            var sources = models
                .Select(static (model, _) => model.Sources)
                .WithTrackingName(TrackingNames.Sources);
            context.RegisterSourceOutput(sources, static (spc, files) =>
            {
                foreach (var file in files) spc.AddSource(file.HintName, SourceText.From(file.Text, Encoding.UTF8));
            });

            var diagnostics = models
                .Select(static (model, _) => model.Diagnostics)
                .WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, items) =>
            {
                foreach (var item in items) spc.ReportDiagnostic(item.ToDiagnostic());
            });
        }
    }
}
