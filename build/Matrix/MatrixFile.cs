using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Strata.Matrix;

/// <summary>
/// Reads <c>.github/backend-matrix.yaml</c> (either schema), keeping every field, its order and its line, then
/// validates it. Reads parser events directly: the file is a fixed, shallow shape, and skipping the document
/// model keeps a cold start of the 457-entry matrix fast.
/// </summary>
public static class MatrixFile
{
    public static BackendMatrix Load(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new MatrixException([new MatrixProblem(path, 0, "", Directory.Exists(path) ? "the backend matrix is a directory, not a file" : "backend matrix file not found")]);
        var text = File.ReadAllText(path);
        // Builds run in process many times over (the workflow contract, a rehearsal) load one file again and again;
        // the matrix is immutable, so the last one parsed is reused while the file's text is unchanged.
        if (lastLoaded is { } last && last.Path == path && last.Text == text)
            return last.Matrix;
        var matrix = Parse(text, path, cancellationToken: cancellationToken);
        lastLoaded = new LoadedFile(path, text, matrix);
        return matrix;
    }

    sealed record LoadedFile(string Path, string Text, BackendMatrix Matrix);

    static volatile LoadedFile? lastLoaded;

    /// <summary>
    /// Parses and validates matrix text; <paramref name="path"/> is only used in messages and entries. Without
    /// <paramref name="validate"/> only the structure is checked (an older revision is compared, not built).
    /// </summary>
    public static BackendMatrix Parse(string yaml, string path, bool validate = true, CancellationToken cancellationToken = default) =>
        Parse(yaml, path, MatrixSubsetReader.TryRead(yaml, path), validate, cancellationToken);

    /// <summary>Parses with YamlDotNet alone, bypassing <see cref="MatrixSubsetReader"/> (the reference it is tested against).</summary>
    internal static BackendMatrix ParseWithYamlDotNet(string yaml, string path) => Parse(yaml, path, subsetRead: null, validate: true, CancellationToken.None);

    static BackendMatrix Parse(string yaml, string path, BackendMatrix? subsetRead, bool validate, CancellationToken cancellationToken)
    {
        var problems = new List<MatrixProblem>();
        var matrix = subsetRead ?? ReadWithYamlDotNet(yaml, path, problems, cancellationToken);
        if (matrix is not null && validate)
            problems.AddRange(MatrixValidation.Validate(matrix));
        if (problems.Count > 0)
            throw new MatrixException(problems.OrderBy(p => p.Line).ToList());
        return matrix!;
    }

    // A separate method, so a matrix inside the subset never loads YamlDotNet.
    static BackendMatrix? ReadWithYamlDotNet(string yaml, string path, List<MatrixProblem> problems, CancellationToken cancellationToken)
    {
        try
        {
            return new Reader(yaml, path, problems, cancellationToken).Read();
        }
        catch (TooDeepException e)
        {
            problems.Clear();
            problems.Add(new MatrixProblem(path, LineOf(e.Mark), "", MatrixShape.TooDeep));
            return null;
        }
        catch (YamlException e)
        {
            // What was read before a syntax error is a partial picture; the syntax error is the one to fix.
            problems.Clear();
            problems.Add(new MatrixProblem(path, LineOf(e.Start), "", $"invalid YAML: {Innermost(e).Message}"));
            return null;
        }
    }

    sealed class TooDeepException(Mark mark) : Exception
    {
        public Mark Mark { get; } = mark;
    }

    sealed class Reader(string yaml, string path, List<MatrixProblem> problems, CancellationToken cancellationToken)
    {
        readonly Parser parser = new(new StringReader(yaml));
        readonly Dictionary<string, string> scalarAnchors = new(StringComparer.Ordinal);

        public BackendMatrix? Read()
        {
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _) || parser.Current is not MappingStart rootStart)
            {
                Problem(parser.Current?.Start ?? Mark.Empty,
                    "the backend matrix must be a mapping with 'linux:' and 'darwin:' (or 'include:' and 'includeDarwin:')");
                return null;
            }
            parser.MoveNext();

            var sections = new Dictionary<string, IReadOnlyList<BackendEntry>>(StringComparer.Ordinal);
            var unknownSections = 0;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<NodeEvent>();
                var name = (key as Scalar)?.Value ?? "";
                var schema = MatrixShape.Schemas.FirstOrDefault(s => s.Linux == name || s.Darwin == name);
                if (schema.Linux is null)
                {
                    if (!MatrixShape.IsExtension(name))
                    {
                        Problem(key.Start, MatrixShape.UnknownSection(name));
                        unknownSections++;
                    }
                    SkipRestOf(key, depth: 2);
                    SkipNode(depth: 2);
                    continue;
                }
                var section = ReadSection(name, schema.Linux == name ? MatrixSection.Linux : MatrixSection.Darwin);
                if (!sections.TryAdd(name, section))
                    Problem(key.Start, $"'{name}' appears twice");
            }

            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart extra)
                Problem(extra.Start, MatrixShape.ExtraDocument);

            var used = MatrixShape.Schemas.Where(s => sections.ContainsKey(s.Linux) || sections.ContainsKey(s.Darwin)).ToList();
            if (used.Count == 0 && unknownSections > 0)
                return null; // the unknown section is the mistake to report (a typo of a section name)
            if (used.Count != 1)
            {
                Problem(rootStart.Start, used.Count == 0
                    ? "no backend entries: expected a top-level 'linux:' (and 'darwin:') or 'include:' (and 'includeDarwin:') list"
                    : "both schemas are used at once: use either 'linux:'/'darwin:' or 'include:'/'includeDarwin:'");
                return null;
            }
            var (linux, darwin, kind) = used[0];
            return new BackendMatrix(path, kind, sections.GetValueOrDefault(linux, []), sections.GetValueOrDefault(darwin, []));
        }

        IReadOnlyList<BackendEntry> ReadSection(string key, MatrixSection section)
        {
            if (parser.Current is Scalar scalar && IsNull(scalar))
            {
                parser.MoveNext();
                return [];
            }
            if (!parser.TryConsume<SequenceStart>(out _))
            {
                Problem(parser.Current!.Start, $"'{key}' must be a list of entries");
                SkipNode(depth: 2);
                return [];
            }

            var entries = new List<BackendEntry>();
            var position = 0;
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                cancellationToken.ThrowIfCancellationRequested();
                position++;
                if (parser.Current is not MappingStart start)
                {
                    Problem(parser.Current!.Start, $"{key} entry #{position} must be a mapping of fields");
                    SkipNode(depth: 3);
                    continue;
                }
                parser.MoveNext();
                entries.Add(new BackendEntry(path, section, entries.Count, LineOf(start.Start), ReadFields()));
            }
            return entries;
        }

        List<MatrixField> ReadFields()
        {
            var fields = new List<MatrixField>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<NodeEvent>();
                var name = (key as Scalar)?.Value ?? "";
                var line = LineOf(key.Start);
                if (key is not Scalar)
                {
                    Problem(key.Start, "field names must be plain words");
                    SkipRestOf(key, depth: 4);
                    SkipNode(depth: 4);
                    continue;
                }
                var value = ReadScalarValue(name);
                if (value is null)
                    continue;
                if (!seen.TryAdd(name, line))
                {
                    Problem(key.Start, $"duplicate field '{Printable.Quote(name)}' (first at line {seen[name]})");
                    continue;
                }
                fields.Add(new MatrixField(name, value, line));
            }
            return fields;
        }

        string? ReadScalarValue(string field)
        {
            switch (parser.Current)
            {
                case Scalar scalar:
                    parser.MoveNext();
                    var value = Normalize(scalar);
                    if (!scalar.Anchor.IsEmpty)
                        scalarAnchors[scalar.Anchor.Value] = value;
                    return value;
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (scalarAnchors.TryGetValue(alias.Value.Value, out var aliased))
                        return aliased;
                    Problem(alias.Start, $"field '{Printable.Quote(field)}': alias *{alias.Value.Value} does not name a single value (only aliases of strings, numbers or booleans are supported)");
                    return null;
                default:
                    Problem(parser.Current!.Start, $"field '{Printable.Quote(field)}' must be a single value (string, number or boolean), not a list or mapping");
                    SkipNode(depth: 4);
                    return null;
            }
        }

        /// <summary>Skips the node that starts at the current event (at nesting <paramref name="depth"/>), refusing deep nesting.</summary>
        void SkipNode(int depth)
        {
            var start = parser.Consume<ParsingEvent>();
            SkipRestOf(start, depth);
        }

        void SkipRestOf(ParsingEvent start, int depth)
        {
            if (start is Scalar s && !s.Anchor.IsEmpty)
                scalarAnchors[s.Anchor.Value] = Normalize(s);
            if (start is not (MappingStart or SequenceStart))
                return;
            var open = 1;
            while (open > 0)
            {
                if (depth + open > MatrixShape.MaxDepth)
                    throw new TooDeepException(parser.Current?.Start ?? start.Start);
                var e = parser.Consume<ParsingEvent>();
                open += e.NestingIncrease;
            }
        }

        void Problem(Mark mark, string message) => problems.Add(new MatrixProblem(path, LineOf(mark), "", message));
    }

    /// <summary>Numbers keep their written form; plain booleans become lowercase "true"/"false"; plain nulls become "".</summary>
    static string Normalize(Scalar scalar) => NormalizeScalar(scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);

    internal static string NormalizeScalar(string text, bool plain)
    {
        if (!plain)
            return text;
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => "",
            "true" or "True" or "TRUE" => "true",
            "false" or "False" or "FALSE" => "false",
            _ => text,
        };
    }

    static bool IsNull(Scalar scalar) => scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && Normalize(scalar).Length == 0;

    static int LineOf(Mark mark) => (int)Math.Max(mark.Line, 1);

    static Exception Innermost(Exception e) => e.InnerException is YamlException inner ? Innermost(inner) : e;
}
