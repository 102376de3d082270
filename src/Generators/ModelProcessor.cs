using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NeuralAudio.Generators.Evaluation;
using NeuralAudio.Generators.Model;
using NeuralAudio.Generators.Rendering;
using NeuralAudio.ModelDsl;
using NeuralAudio.ModelDsl.Ir;

namespace NeuralAudio.Generators
{
    /// <summary>
    /// The generator's transform: reads one <c>[NeuralModel]</c> class, evaluates every variant's definition at compile
    /// time and renders the files, returning only equatable values (<see cref="ModelGenerationResult"/>).
    /// </summary>
    internal static class ModelProcessor
    {
        /// <summary>The registry registers variants here; without it (a compilation of the DSL alone) nothing is emitted.</summary>
        public const string ModelCatalogType = "NeuralAudio.Models.ModelCatalog";

        /// <summary>The base class of emitted TorchSharp modules; without it no module is emitted (it could not compile).</summary>
        public const string ModuleBaseType = "NeuralAudio.Models.Layers.NeuralModule";

        /// <summary>The int8 runtime the emitted C# inference classes call; without it none is emitted.</summary>
        public const string Int8RuntimeType = "NeuralAudio.Runtime.Deploy.QuantizedModel";

        public static ModelGenerationResult? Process(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (!(context.TargetSymbol is INamedTypeSymbol type) || !(context.TargetNode is TypeDeclarationSyntax syntax)) return null;
            var attribute = PrimaryAttribute(type, syntax, cancellationToken);
            if (attribute is null) return null;

            var compilation = context.SemanticModel.Compilation;
            var hintPrefix = HintPrefix(type, compilation, cancellationToken);
            var diagnostics = new DiagnosticCollector();
            var declaration = ModelDeclaration.Read(type, syntax, attribute, compilation, diagnostics, cancellationToken);
            var sources = new List<GeneratedSource>();
            if (declaration != null)
            {
                var graphs = Evaluate(declaration, compilation, context.SemanticModel, diagnostics, cancellationToken);
                if (compilation.GetTypeByMetadataName(ModelCatalogType) != null)
                {
                    bool emitModules = compilation.GetTypeByMetadataName(ModuleBaseType) != null;
                    bool emitInt8 = compilation.GetTypeByMetadataName(Int8RuntimeType) != null;
                    Render(declaration, graphs, hintPrefix, emitModules, emitInt8, sources, diagnostics);
                }
            }
            return new ModelGenerationResult(hintPrefix, new EquatableArray<GeneratedSource>(sources.ToArray()), diagnostics.ToArray());
        }

        /// <summary>
        /// The start of this class's hint names: its name (<c>TinyStream.Registry.g.cs</c>), or its full name when another
        /// model class in the compilation has the same name, so the two never produce the same hint name.
        /// </summary>
        private static string HintPrefix(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            bool clash = compilation.GetSymbolsWithName(type.Name, SymbolFilter.Type, cancellationToken)
                .OfType<INamedTypeSymbol>()
                .Any(other => !SymbolEqualityComparer.Default.Equals(other, type) &&
                              ModelDeclaration.HasAttribute(other, NeuralModelGenerator.NeuralModelAttribute));
            return clash ? type.ToDisplayString() : type.Name;
        }

        /// <summary>
        /// The attribute this declaration is processed for, or null when another partial declaration of the same class
        /// carries the (first) <c>[NeuralModel]</c>: a class is processed once however many parts it has.
        /// </summary>
        private static AttributeData? PrimaryAttribute(INamedTypeSymbol type, TypeDeclarationSyntax syntax, CancellationToken cancellationToken)
        {
            var first = type.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == "NeuralAudio.ModelDsl.NeuralModelAttribute" && a.ApplicationSyntaxReference != null)
                .OrderBy(a => a.ApplicationSyntaxReference!.SyntaxTree.FilePath, StringComparer.Ordinal)
                .ThenBy(a => a.ApplicationSyntaxReference!.Span.Start)
                .FirstOrDefault();
            if (first is null) return null;
            var node = first.ApplicationSyntaxReference!.GetSyntax(cancellationToken);
            return node.SyntaxTree == syntax.SyntaxTree && syntax.Span.Contains(node.Span) ? first : null;
        }

        /// <summary>Evaluates each variant on its own builder; a failing variant reports and is left out, the others go on.</summary>
        private static List<(VariantDeclaration Variant, Graph Graph)> Evaluate(ModelDeclaration declaration, Compilation compilation,
            SemanticModel semanticModel, DiagnosticCollector diagnostics, CancellationToken cancellationToken)
        {
            var context = new EvalContext(compilation, cancellationToken, semanticModel);
            var evaluator = new DefinitionEvaluator(context);
            var definitionSyntax = declaration.Definition.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            var definitionLocation = (definitionSyntax as MethodDeclarationSyntax)?.Identifier.GetLocation() ?? definitionSyntax.GetLocation();
            var graphs = new List<(VariantDeclaration, Graph)>();
            foreach (var variant in declaration.Variants)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var reportAt = variant.Member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                    var config = evaluator.EvaluateVariant(variant.Member, reportAt);
                    var builder = new GraphBuilder(declaration.ModelId, variant.Name, declaration.Family);
                    evaluator.RunDefinition(declaration.Definition, builder, config, definitionSyntax);
                    Graph graph;
                    try
                    {
                        graph = builder.Finish();
                    }
                    catch (DslException e)
                    {
                        throw new EvaluationException(e.Code, e.Message, definitionLocation);
                    }
                    graphs.Add((variant, graph));
                }
                catch (EvaluationException e)
                {
                    if (!e.Silent) diagnostics.Add(e.Code, e.Message, e.Location ?? definitionLocation, variant.Name);
                }
            }
            return graphs;
        }

        private static void Render(ModelDeclaration declaration, List<(VariantDeclaration Variant, Graph Graph)> graphs,
            string hintPrefix, bool emitModules, bool emitInt8, List<GeneratedSource> sources, DiagnosticCollector diagnostics)
        {
            var type = declaration.Type;
            var ns = type.ContainingNamespace is null || type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
            var generatedNamespace = ns.Length == 0 ? "Generated" : ns + ".Generated";
            var registry = new RegistryModel
            {
                Namespace = ns,
                ClassName = type.Name,
                FullName = type.ToDisplayString(),
                ModelId = declaration.ModelId,
                Family = declaration.Family,
                DefinitionName = Identifier(declaration.Definition.Name),
                ConfigType = declaration.ConfigType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            };
            var definitionLocation = declaration.Definition.Locations.FirstOrDefault();
            foreach (var (variant, graph) in graphs)
            {
                var pascal = Naming.Pascal(variant.Name);
                var className = type.Name + pascal + "Module";
                string? module = null;
                if (emitModules)
                {
                    module = EmitModule(graph, generatedNamespace, className,
                        $"{type.Name}.{declaration.Definition.Name}, variant \"{variant.Name}\"", definitionLocation, variant.Name, diagnostics);
                }
                if (module != null) sources.Add(new GeneratedSource($"{hintPrefix}.{pascal}.Module.g.cs", module));
                var int8ClassName = type.Name + pascal + "Int8";
                var int8 = emitInt8
                    ? EmitInt8(graph, generatedNamespace, int8ClassName, $"{type.Name}.{declaration.Definition.Name}, variant \"{variant.Name}\"")
                    : null;
                if (int8 != null) sources.Add(new GeneratedSource($"{hintPrefix}.{pascal}.Int8.g.cs", int8));
                registry.Variants.Add(new RegistryVariant
                {
                    Name = variant.Name,
                    MemberReference = Identifier(variant.Member.Name),
                    ConstName = variant.MemberName == "CompiledIr" ? "CompiledIrOf" + variant.MemberName : variant.MemberName,
                    CompiledIr = GraphPrinter.Print(graph),
                    StructureHash = GraphPrinter.StructureHash(graph),
                    ModuleType = module is null ? null : "global::" + generatedNamespace + "." + className,
                    Int8Type = int8 is null ? null : "global::" + generatedNamespace + "." + int8ClassName,
                });
            }
            sources.Add(new GeneratedSource($"{hintPrefix}.Registry.g.cs", RegistryWriter.Write(registry)));
        }

        /// <summary>
        /// The TorchSharp module of one variant, or null with a diagnostic at the definition when the emitter rejects
        /// the graph.
        /// </summary>
        private static string? EmitModule(Graph graph, string @namespace, string className, string declaration,
            Location? definitionLocation, string variant, DiagnosticCollector diagnostics)
        {
            try
            {
                return NeuralAudio.ModelDsl.Emit.TorchSharpEmitter.Emit(graph, @namespace, className, declaration);
            }
            catch (DslException e)
            {
                diagnostics.Add(e.Code, e.Message, definitionLocation, variant);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                diagnostics.Add(DiagnosticCodes.UnsupportedConstruct,
                    $"the TorchSharp emitter cannot emit this model: {e.GetType().Name}: {e.Message}", definitionLocation, variant);
            }
            return null;
        }

        /// <summary>
        /// The int8 C# inference class of one variant (the same arithmetic as the generated C), or null when the model
        /// has no deployable part the int8 kernels can run: it still trains, it just has no device code.
        /// </summary>
        private static string? EmitInt8(Graph graph, string @namespace, string className, string declaration)
        {
            try
            {
                var deploy = NeuralAudio.ModelDsl.Deploy.Lowering.Lower(graph);
                var plan = NeuralAudio.ModelDsl.Deploy.DeployMemoryPlan.Plan(deploy);
                return NeuralAudio.ModelDsl.Emit.Int8CSharp.Int8CSharpEmitter.Emit(deploy, plan, @namespace, className, declaration);
            }
            catch (DslException)
            {
                return null;
            }
        }

        /// <summary>A name usable in C# source: keywords get an <c>@</c>.</summary>
        private static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
