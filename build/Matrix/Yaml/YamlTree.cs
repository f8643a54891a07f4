using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Matrix.Yaml;

/// <summary>A YAML node as the rules reader consumes it: scalars as text (no schema), with the line each starts on.</summary>
internal abstract record YamlTreeNode(int Line);

internal sealed record YamlTreeScalar(string Value, int Line) : YamlTreeNode(Line);

internal sealed record YamlTreeSequence(IReadOnlyList<YamlTreeNode> Items, int Line) : YamlTreeNode(Line);

/// <summary>A mapping's entries in document order; a key that is not a scalar reads as the empty text.</summary>
internal sealed record YamlTreeMapping(IReadOnlyList<YamlTreeEntry> Entries, int Line) : YamlTreeNode(Line);

internal sealed record YamlTreeEntry(YamlTreeScalar Key, YamlTreeNode Value);

/// <summary>
/// Reads one YAML document into a <see cref="YamlTreeNode"/>: the text goes through <see cref="BlockYamlSubsetReader"/>
/// when it is written in the block subset files like <c>.github/backend-rules.yaml</c> use, which keeps YamlDotNet (its
/// assembly load and JIT are most of a cold <c>Derive</c>'s cost) off the start-up path; anything else goes through
/// YamlDotNet, which also words every syntax error. Both yield the same tree (YamlTreeReaderTests prove it).
/// </summary>
internal static class YamlTree
{
    /// <summary>The first document's root; null when the text holds no document. Throws <see cref="YamlSyntaxException"/> on bad syntax.</summary>
    public static YamlTreeNode? Parse(string yaml) =>
        BlockYamlSubsetReader.TryRead(yaml, out var root) ? root : ReadWithYamlDotNet(yaml);

    /// <summary>Deeper documents are refused: nothing read through this tree nests half as deep, and YamlDotNet loads nodes recursively.</summary>
    public const int MaxDepth = 32;

    // A separate method (with the only catch of a YamlDotNet type), so a text inside the subset never loads YamlDotNet.
    static YamlTreeNode? ReadWithYamlDotNet(string yaml)
    {
        try
        {
            RefuseDeepNesting(yaml);
            return ParseWithYamlDotNet(yaml);
        }
        catch (YamlException e)
        {
            throw new YamlSyntaxException((int)e.Start.Line, (e.InnerException ?? e).Message);
        }
    }

    /// <summary>
    /// A pass over the parser's events (iterative, unlike loading a <see cref="YamlStream"/>) that stops at the first
    /// collection nested deeper than <see cref="MaxDepth"/>: a hostile 100 000-deep file would otherwise overflow the stack.
    /// </summary>
    static void RefuseDeepNesting(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth)
                        throw new YamlSyntaxException((int)parser.Current.Start.Line, $"nesting deeper than {MaxDepth} levels");
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    /// <summary>The same document read by YamlDotNet alone (the fallback, and the reference the tests compare with).</summary>
    public static YamlTreeNode? ParseWithYamlDotNet(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    static YamlTreeNode Convert(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => new YamlTreeSequence([.. sequence.Children.Select(Convert)], LineOf(sequence)),
        YamlMappingNode mapping => new YamlTreeMapping(
            [.. mapping.Children.Select(pair => new YamlTreeEntry(
                pair.Key is YamlScalarNode key ? Scalar(key) : new YamlTreeScalar("", LineOf(pair.Key)), Convert(pair.Value)))],
            LineOf(mapping)),
        _ => throw new YamlException(node.Start, node.End, $"unsupported YAML node ({node.NodeType})"),
    };

    static YamlTreeScalar Scalar(YamlScalarNode scalar) => new(scalar.Value ?? "", LineOf(scalar));

    static int LineOf(YamlNode node) => (int)node.Start.Line;
}

/// <summary>A syntax error YamlDotNet found: its line and its words.</summary>
internal sealed class YamlSyntaxException(int line, string detail) : Exception(detail)
{
    public int Line { get; } = line;
}
