namespace Strata.Matrix.Yaml;

/// <summary>
/// A reader for one YAML document written in block style: nested block mappings with plain keys, block sequences,
/// one-line scalars (plain, single-quoted, escape-free double-quoted) and one-line flow sequences or mappings of such
/// scalars (<c>[a, "b"]</c>, <c>{ canaries: all }</c>); comments, blank lines, CRLF line ends and one leading
/// <c>---</c>. That is how change rules files are written. <see cref="TryRead"/> answers false for anything else
/// (anchors, tags, block or multi-line scalars, nested flow collections, duplicate keys, tabs, a second document ...),
/// and the caller reads the text with YamlDotNet instead; within the subset the tree is YamlDotNet's, lines included.
/// </summary>
internal static class BlockYamlSubsetReader
{
    /// <param name="root">The document's root; null when the text holds only comments and blank lines.</param>
    public static bool TryRead(string yaml, out YamlTreeNode? root)
    {
        root = null;
        if (!YamlSubsetSyntax.HasOnlySubsetCharacters(yaml) || YamlSubsetSyntax.ContentLines(yaml) is not { } lines)
            return false;
        if (lines.Count == 0)
            return true;
        var reader = new Reader(lines);
        root = reader.Block(lines[0].Indent);
        return root is not null && reader.AtEnd;
    }

    sealed class Reader(List<SubsetLine> lines)
    {
        /// <summary>Where a plain scalar inside a flow collection ends (or, for ':', '#', '[' and '{', leaves the subset).</summary>
        static readonly System.Buffers.SearchValues<char> FlowPlainEnds = System.Buffers.SearchValues.Create(",[]{}:#");

        int next;

        public bool AtEnd => next == lines.Count;

        SubsetLine? Current => next < lines.Count ? lines[next] : null;

        int depth;

        /// <summary>The block node whose first line is the current one (at <paramref name="indent"/>); null outside the subset.</summary>
        public YamlTreeNode? Block(int indent)
        {
            // Too deep for the subset: YamlDotNet's path refuses it with the line.
            if (depth >= YamlTree.MaxDepth)
                return null;
            depth++;
            var node = BlockAt(indent);
            depth--;
            return node;
        }

        YamlTreeNode? BlockAt(int indent)
        {
            var line = lines[next];
            if (line.IsItem)
                return Sequence(indent);
            if (YamlSubsetSyntax.KeyLength(line.Text) > 0 && YamlSubsetSyntax.ReadKey(line.Text, out _) is not null)
                return Mapping(indent);
            // A lone scalar or flow collection: the whole node, so nothing may continue it on deeper lines.
            var value = Inline(line.Text, line.Number);
            next++;
            return Current is { } after && after.Indent > indent ? null : value;
        }

        YamlTreeSequence? Sequence(int indent)
        {
            var items = new List<YamlTreeNode>();
            var first = lines[next].Number;
            while (Current is { } line && line.Indent == indent && line.IsItem)
            {
                var content = line.Text.AsSpan(1).TrimStart(' ');
                YamlTreeNode? item;
                if (content.IsEmpty || content[0] == '#')
                {
                    next++;
                    item = Nested(indent, sameIndentSequence: false, line);
                }
                else if (content[0] == '-' && (content.Length == 1 || content[1] == ' '))
                {
                    return null; // "- - x": a sequence inside an item's line.
                }
                else
                {
                    // The item's content starts a node at its own column; read that line as if it were indented so.
                    var column = line.Indent + (line.Text.Length - content.Length);
                    lines[next] = line with { Indent = column, Text = content.ToString() };
                    item = Block(column);
                }
                if (item is null)
                    return null;
                items.Add(item);
            }
            return new YamlTreeSequence(items, first);
        }

        YamlTreeMapping? Mapping(int indent)
        {
            var entries = new List<YamlTreeEntry>();
            var first = lines[next].Number;
            while (Current is { } line && line.Indent == indent && !line.IsItem)
            {
                var key = YamlSubsetSyntax.ReadKey(line.Text, out var afterColon);
                if (key is null)
                    return null;
                foreach (var entry in entries)
                    if (entry.Key.Value == key)
                        return null; // YamlDotNet refuses duplicate keys; let it say so.
                var keyNode = new YamlTreeScalar(key, line.Number);
                YamlTreeNode? value;
                if (YamlSubsetSyntax.IsBlankOrComment(afterColon))
                {
                    next++;
                    value = Nested(indent, sameIndentSequence: true, line);
                }
                else
                {
                    value = Inline(afterColon.TrimStart(' '), line.Number);
                    next++;
                    if (Current is { } after && after.Indent > indent)
                        return null; // a value continued on deeper lines (multi-line plain scalar, or bad indentation)
                }
                if (value is null)
                    return null;
                entries.Add(new YamlTreeEntry(keyNode, value));
            }
            return new YamlTreeMapping(entries, first);
        }

        /// <summary>
        /// The value after a bare <c>key:</c> or <c>-</c>: the block on the following deeper lines (or, for a mapping
        /// value, a sequence at the key's own indentation); otherwise an empty scalar.
        /// </summary>
        YamlTreeNode? Nested(int indent, bool sameIndentSequence, SubsetLine owner)
        {
            if (Current is { } line && (line.Indent > indent || (sameIndentSequence && line.Indent == indent && line.IsItem)))
                return Block(line.Indent);
            // YamlDotNet places an empty value on the line of its key or dash.
            return new YamlTreeScalar("", owner.Number);
        }

        /// <summary>A value on one line: a flow collection of scalars or a scalar; null outside the subset.</summary>
        static YamlTreeNode? Inline(ReadOnlySpan<char> text, int line)
        {
            switch (text[0])
            {
                case '[':
                    return FlowSequence(text, line);
                case '{':
                    return FlowMapping(text, line);
                case '\'' or '"':
                    return YamlSubsetSyntax.ReadQuoted(text, out var rest) is { } quoted && YamlSubsetSyntax.IsTrailer(rest)
                        ? new YamlTreeScalar(quoted, line)
                        : null;
                default:
                    return YamlSubsetSyntax.ReadPlain(text) is { } plain ? new YamlTreeScalar(plain, line) : null;
            }
        }

        static YamlTreeSequence? FlowSequence(ReadOnlySpan<char> text, int line)
        {
            var items = new List<YamlTreeNode>();
            var rest = text[1..].TrimStart(' ');
            if (!rest.IsEmpty && rest[0] == ']')
                return YamlSubsetSyntax.IsTrailer(rest[1..]) ? new YamlTreeSequence(items, line) : null;
            while (true)
            {
                if (FlowScalar(ref rest) is not { } item)
                    return null;
                items.Add(new YamlTreeScalar(item, line));
                if (!FlowSeparator(ref rest, ']', out var closed))
                    return null;
                if (closed)
                    return YamlSubsetSyntax.IsTrailer(rest) ? new YamlTreeSequence(items, line) : null;
            }
        }

        static YamlTreeMapping? FlowMapping(ReadOnlySpan<char> text, int line)
        {
            var entries = new List<YamlTreeEntry>();
            var rest = text[1..].TrimStart(' ');
            if (!rest.IsEmpty && rest[0] == '}')
                return YamlSubsetSyntax.IsTrailer(rest[1..]) ? new YamlTreeMapping(entries, line) : null;
            while (true)
            {
                var keyLength = YamlSubsetSyntax.KeyLength(rest);
                if (keyLength == 0 || keyLength + 1 >= rest.Length || rest[keyLength] != ':' || rest[keyLength + 1] != ' ')
                    return null;
                var key = rest[..keyLength].ToString();
                foreach (var entry in entries)
                    if (entry.Key.Value == key)
                        return null;
                rest = rest[(keyLength + 1)..].TrimStart(' ');
                if (FlowScalar(ref rest) is not { } value)
                    return null;
                entries.Add(new YamlTreeEntry(new YamlTreeScalar(key, line), new YamlTreeScalar(value, line)));
                if (!FlowSeparator(ref rest, '}', out var closed))
                    return null;
                if (closed)
                    return YamlSubsetSyntax.IsTrailer(rest) ? new YamlTreeMapping(entries, line) : null;
            }
        }

        /// <summary>A quoted or plain scalar inside a flow collection; plain ones hold no flow indicator, ':', '#' or quote.</summary>
        static string? FlowScalar(ref ReadOnlySpan<char> rest)
        {
            if (rest.IsEmpty)
                return null;
            if (rest[0] is '\'' or '"')
            {
                var quoted = YamlSubsetSyntax.ReadQuoted(rest, out var after);
                rest = after.TrimStart(' ');
                return quoted;
            }
            var length = rest.IndexOfAny(FlowPlainEnds);
            if (length < 0)
                return null;
            var value = rest[..length].TrimEnd(' ');
            if (value.IsEmpty || value.IndexOfAny("'\"") >= 0 || YamlSubsetSyntax.ReadPlain(value) is null)
                return null;
            rest = rest[length..];
            return value.ToString();
        }

        /// <summary>After an item: ", " and another item, or the closing bracket (then <paramref name="closed"/>).</summary>
        static bool FlowSeparator(ref ReadOnlySpan<char> rest, char close, out bool closed)
        {
            closed = false;
            if (rest.IsEmpty)
                return false;
            if (rest[0] == close)
            {
                closed = true;
                rest = rest[1..];
                return true;
            }
            if (rest[0] != ',')
                return false;
            rest = rest[1..].TrimStart(' ');
            // A trailing comma before the bracket is valid YAML but outside the subset.
            return !rest.IsEmpty && rest[0] != close;
        }
    }
}
