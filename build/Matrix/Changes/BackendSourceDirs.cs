namespace Strata.Matrix.Changes;

/// <summary>One source dir per backend, for its changed flag: that of its first linux entry with one, else of its first darwin entry.</summary>
public static class BackendSourceDirs
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(BackendMatrix matrix, ChangeRules rules)
    {
        var dirs = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<KeyValuePair<string, string>>();
        foreach (var entry in matrix.Linux.Concat(matrix.Darwin))
            if (rules.SourceDirOf(entry) is { } dir && dirs.TryAdd(entry.Backend, dir))
                order.Add(new(entry.Backend, dir));
        return order;
    }
}
