using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NeuralAudio.Generators.Rendering;
using NeuralAudio.ModelDsl;

namespace NeuralAudio.Generators
{
    /// <summary>A <c>[NeuralModel]</c> class as read from its symbol: id, family, definition method and variants.</summary>
    internal sealed class ModelDeclaration
    {
        public const string ModelDefinitionAttribute = "NeuralAudio.ModelDsl.ModelDefinitionAttribute";
        public const string VariantAttribute = "NeuralAudio.ModelDsl.VariantAttribute";
        public const string ModelBuilderInterface = "NeuralAudio.ModelDsl.IModelBuilder";

        private ModelDeclaration(INamedTypeSymbol type, string modelId, ModelFamily family, IMethodSymbol definition, List<VariantDeclaration> variants)
        {
            Type = type; ModelId = modelId; Family = family; Definition = definition; Variants = variants;
        }

        public INamedTypeSymbol Type { get; }
        public string ModelId { get; }
        public ModelFamily Family { get; }
        public IMethodSymbol Definition { get; }
        public ITypeSymbol ConfigType => Definition.Parameters[1].Type;
        public IReadOnlyList<VariantDeclaration> Variants { get; }

        /// <summary>
        /// Reads and checks the declaration. Problems with the class or its definition method return null; a bad variant
        /// is reported and left out. Every problem is NA0005 at the class identifier or the offending member.
        /// </summary>
        public static ModelDeclaration? Read(INamedTypeSymbol type, TypeDeclarationSyntax syntax, AttributeData attribute,
            Compilation compilation, DiagnosticCollector diagnostics, CancellationToken cancellationToken)
        {
            var classLocation = syntax.Identifier.GetLocation();
            void Error(string message, Location? at) => diagnostics.Add(DiagnosticCodes.InvalidDeclaration, message, at ?? classLocation);

            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
                return null; // the compiler reports the malformed attribute
            var modelId = attribute.ConstructorArguments[0].Value as string;
            var family = ModelFamily.Codec;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Family" && named.Value.Value is int value) family = (ModelFamily)value;
            }

            bool ok = true;
            if (string.IsNullOrWhiteSpace(modelId))
            {
                Error("the model id in [NeuralModel(\"...\")] must not be empty",
                    attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation());
                ok = false;
            }
            if (syntax is RecordDeclarationSyntax)
            {
                Error($"model '{type.Name}' must be a class, not a record", null);
                ok = false;
            }
            if (type.ContainingType != null)
            {
                Error($"model class '{type.Name}' must be a top-level class, not nested in '{type.ContainingType.Name}'", null);
                ok = false;
            }
            if (type.IsGenericType)
            {
                Error($"model class '{type.Name}' must not be generic", null);
                ok = false;
            }
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax part && !part.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Error($"model class '{type.Name}' must be declared partial: the generator adds its variant registry to it",
                        part.Identifier.GetLocation());
                    ok = false;
                }
            }

            var definitions = type.GetMembers().OfType<IMethodSymbol>().Where(m => HasAttribute(m, ModelDefinitionAttribute)).ToList();
            IMethodSymbol? definition = null;
            if (definitions.Count == 0)
            {
                Error($"model class '{type.Name}' has no [ModelDefinition] method: add 'static void Define(IModelBuilder b, TConfig config)'", null);
                ok = false;
            }
            else if (definitions.Count > 1)
            {
                foreach (var extra in definitions.Skip(1))
                    Error($"model class '{type.Name}' has more than one [ModelDefinition] method", extra.Locations.FirstOrDefault());
                ok = false;
            }
            else
            {
                definition = definitions[0];
                var implementation = definition.PartialImplementationPart ?? definition;
                bool hasBody = implementation.DeclaringSyntaxReferences.Any(r =>
                    r.GetSyntax(cancellationToken) is MethodDeclarationSyntax m && (m.Body != null || m.ExpressionBody != null));
                if (!definition.IsStatic || !definition.ReturnsVoid || definition.IsGenericMethod || definition.Parameters.Length != 2 ||
                    definition.Parameters.Any(p => p.RefKind != RefKind.None) ||
                    definition.Parameters[0].Type.ToDisplayString() != ModelBuilderInterface || !hasBody)
                {
                    Error($"the [ModelDefinition] method '{definition.Name}' must be 'static void {definition.Name}(IModelBuilder b, TConfig config)' with a body",
                        definition.Locations.FirstOrDefault());
                    ok = false;
                }
            }

            var variantMembers = type.GetMembers().Where(m => (m is IFieldSymbol || m is IPropertySymbol) && HasAttribute(m, VariantAttribute)).ToList();
            if (variantMembers.Count == 0)
            {
                Error($"model class '{type.Name}' declares no [Variant] members", null);
                ok = false;
            }
            if (!ok || definition is null) return null;

            var configType = definition.Parameters[1].Type;
            var primaryTree = syntax.SyntaxTree;
            var variants = new List<VariantDeclaration>();
            var names = new Dictionary<string, VariantDeclaration>();
            var members = new Dictionary<string, VariantDeclaration>();
            foreach (var member in variantMembers.OrderBy(m => SortKey(m, primaryTree), SortKeyComparer.Instance))
            {
                var location = member.Locations.FirstOrDefault();
                var variantAttribute = member.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == VariantAttribute);
                if (variantAttribute.ConstructorArguments.Length != 1) continue; // compiler error
                var name = variantAttribute.ConstructorArguments[0].Value as string ?? "";
                var memberType = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;

                if (!member.IsStatic)
                {
                    Error($"variant member '{member.Name}' must be static", location);
                    continue;
                }
                if (member is IPropertySymbol property && property.GetMethod is null)
                {
                    Error($"variant property '{member.Name}' must have a getter", location);
                    continue;
                }
                var conversion = compilation.ClassifyConversion(memberType, configType);
                if (!(conversion.IsIdentity || (conversion.IsImplicit && conversion.IsReference)))
                {
                    Error($"variant '{name}' ({member.Name}) has type '{memberType.ToDisplayString()}' but {definition.Name} takes '{configType.ToDisplayString()}'", location);
                    continue;
                }
                if (name.Trim().Length == 0 || Naming.Pascal(name).Length == 0)
                {
                    Error($"variant member '{member.Name}' needs a name with at least one letter or digit", location);
                    continue;
                }
                if (names.ContainsKey(name))
                {
                    Error($"variant name '{name}' is used twice in model '{modelId}' ({names[name].Member.Name} and {member.Name})", location);
                    continue;
                }
                var memberName = Naming.VariantMember(name);
                if (members.TryGetValue(memberName, out var clash))
                {
                    Error($"variant names '{clash.Name}' and '{name}' both map to the generated name '{memberName}'", location);
                    continue;
                }
                var variant = new VariantDeclaration(name, member, memberName, location);
                names[name] = variant;
                members[memberName] = variant;
                variants.Add(variant);
            }
            return new ModelDeclaration(type, modelId!, family, definition, variants);
        }

        public static bool HasAttribute(ISymbol symbol, string attributeName) =>
            symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeName);

        /// <summary>Declaration order: the file holding [NeuralModel] first, then other files by path, then position in the file.</summary>
        private static (int, string, int) SortKey(ISymbol member, SyntaxTree primaryTree)
        {
            var location = member.Locations.FirstOrDefault();
            var tree = location?.SourceTree;
            return (tree == primaryTree ? 0 : 1, tree?.FilePath ?? "", location?.SourceSpan.Start ?? 0);
        }

        private sealed class SortKeyComparer : IComparer<(int, string, int)>
        {
            public static readonly SortKeyComparer Instance = new SortKeyComparer();

            public int Compare((int, string, int) x, (int, string, int) y)
            {
                int c = x.Item1.CompareTo(y.Item1);
                if (c != 0) return c;
                c = string.CompareOrdinal(x.Item2, y.Item2);
                return c != 0 ? c : x.Item3.CompareTo(y.Item3);
            }
        }
    }

    /// <summary>One <c>[Variant("name")]</c> member.</summary>
    internal sealed class VariantDeclaration
    {
        public VariantDeclaration(string name, ISymbol member, string memberName, Location? location)
        {
            Name = name; Member = member; MemberName = memberName; Location = location;
        }

        /// <summary>The variant name as users type it (<c>ultra_tiny</c>).</summary>
        public string Name { get; }

        /// <summary>The static field or property holding its config.</summary>
        public ISymbol Member { get; }

        /// <summary>Its generated identifier (<c>UltraTiny</c>).</summary>
        public string MemberName { get; }

        public Location? Location { get; }
    }
}
