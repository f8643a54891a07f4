using System.Text;
using Strata.Matrix;

namespace Strata.Benchmarks;

/// <summary>
/// Writes a matrix of any size by replicating the real entries of a fixture: copy k of an entry gets the
/// tag-suffix and backend <c>&lt;original&gt;-r&lt;k&gt;</c>, so tag-suffixes stay unique and every copy is a backend of
/// its own (its own flag), while stems repeat as in a real matrix. Darwin entries are kept once.
/// </summary>
public static class GeneratedMatrix
{
    public static void Write(string sourcePath, int linuxEntries, string targetPath)
    {
        var source = MatrixFile.Load(sourcePath);
        var yaml = new StringBuilder(linuxEntries * 600);
        yaml.Append("# Generated from ").Append(Path.GetFileName(sourcePath)).Append(": ").Append(linuxEntries).Append(" linux entries\n");
        yaml.Append("include:\n");
        for (var i = 0; i < linuxEntries; i++)
        {
            var copy = i / source.Linux.Count;
            AppendEntry(yaml, source.Linux[i % source.Linux.Count], copy == 0 ? null : $"-r{copy}");
        }
        yaml.Append("includeDarwin:\n");
        foreach (var entry in source.Darwin)
            AppendEntry(yaml, entry, null);
        File.WriteAllText(targetPath, yaml.ToString());
    }

    static void AppendEntry(StringBuilder yaml, BackendEntry entry, string? copySuffix)
    {
        var first = true;
        foreach (var field in entry.Fields)
        {
            var value = copySuffix is not null && field.Name is FieldNames.TagSuffix or FieldNames.Backend
                ? field.Value + copySuffix
                : field.Value;
            yaml.Append(first ? "  - " : "    ").Append(field.Name).Append(": '").Append(value.Replace("'", "''")).Append("'\n");
            first = false;
        }
    }
}
