namespace Strata.Matrix;

/// <summary>
/// The changed files of a pull request, indexed by every directory that contains one, so "did anything under
/// this dir change" is one lookup instead of a scan of all files per entry.
/// </summary>
public sealed class ChangedPaths
{
    readonly HashSet<string> directories = new(StringComparer.Ordinal);
    readonly HashSet<string> files = new(StringComparer.Ordinal);

    public ChangedPaths(IEnumerable<string> paths)
    {
        foreach (var raw in paths)
        {
            var path = Normalize(raw);
            if (path.Length == 0 || !files.Add(path))
                continue;
            for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
                directories.Add(path[..(slash + 1)]);
        }
    }

    public IReadOnlyCollection<string> Files => files;

    /// <summary>True when a changed file lies under <paramref name="directory"/> (which ends with '/').</summary>
    public bool TouchesDirectory(string directory) => directories.Contains(directory);

    static string Normalize(string path)
    {
        var trimmed = path.Trim().Replace('\\', '/');
        return trimmed.StartsWith("./", StringComparison.Ordinal) ? trimmed[2..] : trimmed;
    }
}
