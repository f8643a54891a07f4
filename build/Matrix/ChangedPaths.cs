namespace Strata.Matrix;

/// <summary>
/// The changed files of a pull request, kept sorted so "did anything under this dir change" is a binary search for
/// the first path at or after the dir. Memory and time stay linear in the size of the list, however deep its paths
/// (indexing every directory prefix instead would be quadratic in a path's depth).
/// </summary>
public sealed class ChangedPaths
{
    readonly string[] sorted;
    readonly HashSet<string> files = new(StringComparer.Ordinal);

    public ChangedPaths(IEnumerable<string> paths)
    {
        foreach (var raw in paths)
        {
            var path = Normalize(raw);
            if (path.Length > 0)
                files.Add(path);
        }
        sorted = [.. files];
        Array.Sort(sorted, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Files => files;

    /// <summary>True when a changed file lies under <paramref name="directory"/> (which ends with '/').</summary>
    public bool TouchesDirectory(string directory)
    {
        var index = Array.BinarySearch(sorted, directory, StringComparer.Ordinal);
        if (index < 0)
            index = ~index;
        return index < sorted.Length && sorted[index].StartsWith(directory, StringComparison.Ordinal);
    }

    static string Normalize(string path)
    {
        var trimmed = path.Trim().Replace('\\', '/');
        return trimmed.StartsWith("./", StringComparison.Ordinal) ? trimmed[2..] : trimmed;
    }
}
