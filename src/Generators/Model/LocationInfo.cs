using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NeuralAudio.Generators.Model
{
    /// <summary>
    /// A source location as plain values (file path, span, line span): unlike <see cref="Location"/> it holds no
    /// syntax tree, so pipeline models stay cacheable. <see cref="ToLocation"/> rebuilds it when reporting.
    /// </summary>
    public sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

        public static LocationInfo? From(Location? location)
        {
            if (location is null || location.SourceTree is null) return null;
            return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }

        public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());
    }
}
