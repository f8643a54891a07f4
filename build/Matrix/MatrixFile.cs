using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Matrix;

/// <summary>Reads <c>.github/backend-matrix.yaml</c> (either schema), keeping every field, its order and its line, then validates it.</summary>
public static class MatrixFile
{
    static readonly (string Linux, string Darwin, MatrixSchema Schema)[] Schemas =
    [
        ("linux", "darwin", MatrixSchema.LinuxDarwin),
        ("include", "includeDarwin", MatrixSchema.IncludeIncludeDarwin),
    ];

    public static BackendMatrix Load(string path)
    {
        if (!File.Exists(path))
            throw new MatrixException([new MatrixProblem(path, 0, "", "backend matrix file not found")]);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates matrix text; <paramref name="path"/> is only used in messages and entries.</summary>
    public static BackendMatrix Parse(string yaml, string path)
    {
        var problems = new List<MatrixProblem>();
        var matrix = Read(yaml, path, problems);
        if (matrix is not null)
            problems.AddRange(MatrixValidation.Validate(matrix));
        if (problems.Count > 0)
            throw new MatrixException(problems);
        return matrix!;
    }

    static BackendMatrix? Read(string yaml, string path, List<MatrixProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add(new MatrixProblem(path, LineOf(e.Start), "", $"invalid YAML: {Innermost(e).Message}"));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var line = stream.Documents.Count == 0 ? 1 : LineOf(stream.Documents[0].RootNode.Start);
            problems.Add(new MatrixProblem(path, line, "", "the backend matrix must be a mapping with 'linux:' and 'darwin:' (or 'include:' and 'includeDarwin:')"));
            return null;
        }

        var keys = root.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToHashSet(StringComparer.Ordinal);
        var used = Schemas.Where(s => keys.Contains(s.Linux) || keys.Contains(s.Darwin)).ToList();
        if (used.Count != 1)
        {
            problems.Add(new MatrixProblem(path, LineOf(root.Start), "",
                used.Count == 0
                    ? "no backend entries: expected a top-level 'linux:' (and 'darwin:') or 'include:' (and 'includeDarwin:') list"
                    : "both schemas are used at once: use either 'linux:'/'darwin:' or 'include:'/'includeDarwin:'"));
            return null;
        }

        var schema = used[0];
        var linux = ReadSection(root, schema.Linux, MatrixSection.Linux, path, problems);
        var darwin = ReadSection(root, schema.Darwin, MatrixSection.Darwin, path, problems);
        return new BackendMatrix(path, schema.Schema, linux, darwin);
    }

    static IReadOnlyList<BackendEntry> ReadSection(YamlMappingNode root, string key, MatrixSection section, string path, List<MatrixProblem> problems)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node) || IsNull(node))
            return [];
        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(new MatrixProblem(path, LineOf(node.Start), "", $"'{key}' must be a list of entries"));
            return [];
        }

        var entries = new List<BackendEntry>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                problems.Add(new MatrixProblem(path, LineOf(item.Start), "", $"{key} entry #{entries.Count + 1} must be a mapping of fields"));
                continue;
            }
            entries.Add(new BackendEntry(path, section, entries.Count, LineOf(mapping.Start), ReadFields(mapping, path, problems)));
        }
        return entries;
    }

    static List<MatrixField> ReadFields(YamlMappingNode mapping, string path, List<MatrixProblem> problems)
    {
        var fields = new List<MatrixField>(mapping.Children.Count);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            if (valueNode is not YamlScalarNode scalar)
            {
                problems.Add(new MatrixProblem(path, LineOf(valueNode.Start), "", $"field '{name}' must be a single value (string, number or boolean), not a list or mapping"));
                continue;
            }
            fields.Add(new MatrixField(name, Normalize(scalar), LineOf(keyNode.Start)));
        }
        return fields;
    }

    /// <summary>Numbers keep their written form; plain booleans become lowercase "true"/"false"; plain nulls become "".</summary>
    static string Normalize(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
            return text;
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => "",
            "true" or "True" or "TRUE" => "true",
            "false" or "False" or "FALSE" => "false",
            _ => text,
        };
    }

    static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && Normalize(scalar).Length == 0;

    static int LineOf(Mark mark) => (int)mark.Line;

    static Exception Innermost(Exception e) => e.InnerException is YamlException inner ? Innermost(inner) : e;
}
